"""On a phone (375 x 740 CSS px): a caseworker records a reading with no sideways scrolling, radio targets of at
least 24 x 24 CSS px (WCAG 2.2, 2.5.8 target size) and axe-core passing."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-phone-password-3"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def person(transactional_db):
    from django.contrib.auth import get_user_model

    from perthyn.web.core.models import Membership, Organisation
    from perthyn.web.outcomes import services
    from perthyn.web.outcomes.models import Consent

    org = Organisation.objects.create(name="Croeso Casnewydd", slug="croeso-phone")
    user = get_user_model().objects.create_user("phone-cw", password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role="caseworker")
    p, _created = services.person_create(organisation=org, language="pl", age=40)
    services.consent_record(person=p, language="pl", given_by=Consent.GivenBy.SELF, bank=services.bank_for(org))
    return p


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="en-GB")
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def no_sideways_scroll(page, what):
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"] and width <= inner, f"{what}: page is {width}px wide on a {inner}px screen"


def test_phone_reading(phone, live_server, axe, person):
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    no_sideways_scroll(page, "sign-in page")
    page.fill("#id_username", "phone-cw")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/outcomes/o/croeso-phone/people/{person.code}/reading/")
    page.wait_for_selector("fieldset.question")
    no_sideways_scroll(page, "reading form")
    axe(page, context="reading form on a phone")
    radios = page.locator("fieldset.question input[type=radio]")
    assert radios.count() >= 10
    for i in range(radios.count()):
        box = radios.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (i, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for fs in page.locator("fieldset.question").all():
        fs.locator("label.option").nth(1).tap()  # tap the answer text: the whole label is the target
    assert all(fs.locator("input[type=radio]").nth(1).is_checked() for fs in page.locator("fieldset.question").all())
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert "Reading saved" in page.inner_text(".notice")
    no_sideways_scroll(page, "person page")
    axe(page, context="person page on a phone")
    from perthyn.web.outcomes.models import Reading

    assert Reading.objects.filter(person=person).count() == 1
