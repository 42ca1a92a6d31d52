"""A caseworker records a baseline and a follow-up for a person in Welsh and one in Arabic and sees distance
travelled; a second organisation's user cannot reach either; axe-core passes on every page of the flow."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password-9"
# Screenshots are kept for people to look at (CI uploads the folder): PERTHYN_TEST_ARTIFACTS, default ./test-artifacts/
ARTIFACTS = Path(os.environ.get("PERTHYN_TEST_ARTIFACTS") or "test-artifacts")
RTL_LANGS = ("ar", "fa-af", "ps")


def check_rtl(page, lang: str) -> Path:
    """The questions run right to left in `lang`, each radio to the right of its answer; a screenshot is kept."""
    page.wait_for_selector("fieldset.question")
    box = page.locator("#questions")
    assert box.get_attribute("dir") == "rtl" and box.get_attribute("lang") == lang
    assert page.evaluate("getComputedStyle(document.querySelector('#questions')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "ltr"
    opt = page.locator("fieldset.question").first.locator("label.option").first
    radio = opt.locator("input").bounding_box()
    text = opt.locator("span").bounding_box()
    assert radio["x"] > text["x"] + text["width"] - 1, lang
    legend = page.locator("fieldset.question legend").first.bounding_box()
    fieldset = page.locator("fieldset.question").first.bounding_box()
    assert fieldset["x"] + fieldset["width"] - (legend["x"] + legend["width"]) < 40, lang  # legend hugs the right
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"outcomes-{lang}-rtl.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    return shot


@pytest.fixture
def accounts(transactional_db):
    from django.contrib.auth import get_user_model

    from perthyn.web.core.models import Membership, Organisation

    User = get_user_model()
    a = Organisation.objects.create(name="Croeso Caerdydd", slug="croeso")
    b = Organisation.objects.create(name="Other Org", slug="other")
    Membership.objects.create(user=User.objects.create_user("cw", password=PASSWORD), organisation=a, role="caseworker")
    Membership.objects.create(user=User.objects.create_user("other", password=PASSWORD), organisation=b, role="admin")
    return a, b


def record_reading(page, axe, *, option: str, when: date, context: str):
    page.wait_for_selector("fieldset.question")
    axe(page, context=context)
    page.fill("#taken_on", when.isoformat())
    for fs in page.locator("fieldset.question").all():
        fs.locator("input[type=radio]").nth(0 if option == "first" else -1).check()
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert "Reading saved" in page.inner_text(".notice")


def add_person(page, live_server, axe, language: str) -> str:
    page.goto(live_server.url + "/outcomes/o/croeso/people/new/")
    axe(page, context="add a person")
    page.select_option("#id_language", language)
    page.fill("#id_age", "34")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/consent/" in page.url
    axe(page, context=f"consent ({language})")
    assert page.get_attribute("section.purpose", "lang") == language
    page.check("input[name=given_by][value=self]")
    page.check("#id_agreed")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    return page.url.rstrip("/").split("/")[-1]


def test_baseline_follow_up_distance_rtl_and_isolation(page, live_server, axe, login, accounts):
    page.goto(live_server.url + "/accounts/login/")
    axe(page, context="sign-in page")
    login("cw", PASSWORD)
    page.goto(live_server.url + "/outcomes/")
    page.wait_for_load_state()
    assert page.url.endswith("/outcomes/o/croeso/")
    axe(page, context="people and follow-ups")
    start = date.today() - timedelta(days=100)

    codes = {}
    for lang in ("cy", "ar"):
        code = add_person(page, live_server, axe, lang)
        codes[lang] = code
        axe(page, context=f"person page before readings ({lang})")
        page.click("text=Record the baseline")
        if lang == "ar":
            # right-to-left in Arabic, Dari and Pashto (the same person's form, switched by language)
            base = page.url.split("?")[0]
            for rtl in RTL_LANGS:
                page.goto(f"{base}?lang={rtl}")
                check_rtl(page, rtl)
                axe(page, context=f"baseline form ({rtl})")
            page.goto(f"{base}?lang=ar")
        record_reading(page, axe, option="first", when=start, context=f"baseline form ({lang})")
        page.click("text=Record a follow-up")
        if lang == "cy":
            # switch language during the reading: the answer already ticked is kept
            page.locator("fieldset.question").first.locator("input[type=radio]").nth(-1).check()
            page.click("button[name=switch_lang][value=ar]")
            page.wait_for_load_state()
            assert page.get_attribute("#questions", "dir") == "rtl"
            assert page.locator("fieldset.question").first.locator("input[type=radio]").nth(-1).is_checked()
            page.click("button[name=switch_lang][value=cy]")
            page.wait_for_load_state()
        record_reading(page, axe, option="last", when=date.today(), context=f"follow-up form ({lang})")
        # distance travelled for this person: every domain went from the bottom to the top of its scale
        assert page.locator("svg.chart title").first.text_content().startswith("Distance travelled")
        changes = [c.inner_text() for c in page.locator("td.change").all()]
        assert changes and all(c == "+10.0" for c in changes)
        axe(page, context=f"distance travelled for one person ({lang})")

    page.goto(live_server.url + "/outcomes/o/croeso/distance/")
    axe(page, context="cohort distance travelled")
    assert "Hidden: fewer than 10 people" in page.inner_text("#domains")  # two people: the gate hides them

    # a second organisation's user reaches neither person
    page.goto(live_server.url + "/accounts/login/")
    page.context.clear_cookies()
    login("other", PASSWORD)
    for code in codes.values():
        for suffix in ("", "reading/", "consent/", "withdraw/"):
            resp = page.goto(f"{live_server.url}/outcomes/o/croeso/people/{code}/{suffix}")
            assert resp.status in (403, 404)
            axe(page, context=f"refused page {resp.status}")
            resp = page.goto(f"{live_server.url}/outcomes/o/other/people/{code}/{suffix}")
            assert resp.status == 404
