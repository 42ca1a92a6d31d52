"""The index in a real browser: an officer fills in and submits the questionnaire, the publisher
verifies and publishes, and adds and deactivates officer accounts; every page passes axe-core in
English and Welsh."""

import pytest
from django.contrib.auth import get_user_model

from perthyn.web.core.models import Membership, Organisation
from perthyn.web.index.models import Response, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup_round():
    User = get_user_model()
    cardiff = Organisation.objects.create(name="Cardiff", slug="cardiff", kind="council", area_code="W06000015")
    Organisation.objects.create(name="Newport", slug="newport", kind="council", area_code="W06000022")
    pub = Organisation.objects.create(name="Publisher", slug="pub", kind="publisher")
    officer = User.objects.create_user("officer", password="pw-officer-1")
    publisher = User.objects.create_user("publisher", password="pw-pub-1")
    Membership.objects.create(user=officer, organisation=cardiff, role="officer")
    Membership.objects.create(user=publisher, organisation=pub, role="publisher")
    return Round.objects.create(year=2026)


def _welsh(page):
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"


def test_officer_and_publisher_flow_passes_axe(page, live_server, axe, login, setup_round):
    login("officer", "pw-officer-1")
    page.goto(f"{live_server.url}/index/2026/respond/cardiff/")
    axe(page, context="questionnaire (en)")
    page.check("#q_strategy_exists_yes")
    page.fill("#link_strategy_exists", "https://cardiff.example/strategy")
    page.check("#q_racism_records_by_group")
    page.check("#q_census_migrants_considerably_higher")
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert page.is_checked("#q_strategy_exists_yes")
    _welsh(page)
    assert "Strategaeth Integreiddio Mudwyr Leol" in page.content()
    axe(page, context="questionnaire (cy)")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    assert Response.objects.get().state == "submitted"

    page.context.clear_cookies()
    login("publisher", "pw-pub-1")
    page.goto(f"{live_server.url}/index/2026/review/")
    axe(page, context="review (en)")
    page.goto(f"{live_server.url}/index/2026/review/cardiff/")
    page.click("button[value=verify]")
    page.wait_for_load_state()
    page.click("text=Lock the round")
    page.wait_for_load_state()
    page.click("text=Publish the results")
    page.wait_for_load_state()
    assert Round.objects.get().status == "published"
    page.goto(f"{live_server.url}/index/2026/")
    assert page.locator("svg[role=img]").count() >= 2
    axe(page, context="results (en)")
    page.goto(f"{live_server.url}/index/2026/authority/W06000015/")
    axe(page, context="scorecard (en)")
    _welsh(page)
    axe(page, context="scorecard (cy)")
    page.goto(f"{live_server.url}/index/2026/")
    assert "Safle" in page.content()
    axe(page, context="results (cy)")
    page.goto(f"{live_server.url}/index/2026/import/")
    axe(page, context="import (cy)")
    page.goto(f"{live_server.url}/index/")
    axe(page, context="index home (cy)")


def test_publisher_adds_and_deactivates_officer_passes_axe(page, live_server, axe, login, setup_round):
    login("publisher", "pw-pub-1")
    page.goto(f"{live_server.url}/index/")
    page.click("text=Officer accounts")
    page.wait_for_load_state()
    axe(page, context="officer accounts (en)")
    page.fill("#id_username", "officer")  # taken: a form error, nothing saved
    page.select_option("#id_council", label="Newport")
    page.click("text=Add the account")
    page.wait_for_load_state()
    assert "An account with this username already exists." in page.content()
    axe(page, context="officer accounts, error (en)")
    page.fill("#id_username", "newport-officer")
    page.fill("#id_email", "lmii@newport.example")
    page.select_option("#id_council", label="Newport")
    page.click("text=Add the account")
    page.wait_for_load_state()
    password = page.text_content("#initial-password")
    assert password and get_user_model().objects.get(username="newport-officer").check_password(password)
    axe(page, context="officer accounts, created (en)")
    _welsh(page)
    assert "Cyfrifon swyddogion" in page.content()
    axe(page, context="officer accounts (cy)")
    page.click("button:has-text('Dadactifadu newport-officer')")
    page.wait_for_load_state()
    assert not get_user_model().objects.get(username="newport-officer").is_active
    axe(page, context="officer accounts, deactivated (cy)")

    page.context.clear_cookies()
    login("officer", "pw-officer-1")
    assert page.goto(f"{live_server.url}/index/officers/").status == 403  # an officer cannot reach it
