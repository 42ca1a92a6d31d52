import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_passes_axe_in_english_and_welsh(page, live_server, axe):
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    axe(page, context="home (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    axe(page, context="home (cy)")
