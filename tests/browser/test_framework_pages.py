import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/framework/", "Indicator framework", "Fframwaith dangosyddion"),
    ("/framework/indicators/?domain=work", "Indicators: Work", "Dangosyddion: Gwaith"),
    ("/framework/indicators/homelessness/", "Homelessness", "Digartrefedd"),
    ("/framework/schemes/home_office_ioi/", "Home Office Indicators of Integration (2019)",
     "Dangosyddion Integreiddio y Swyddfa Gartref (2019)"),
    ("/framework/gaps/", "Data gaps: progress by domain", "Bylchau data: cynnydd fesul parth"),
]


def test_framework_pages_pass_axe_in_english_and_welsh(page, live_server, axe):
    for url, en, _ in PAGES:
        page.goto(live_server.url + url)
        assert page.get_attribute("html", "lang") == "en"
        assert page.locator("h1").inner_text() == en
        axe(page, context=f"{url} (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    for url, _, cy in PAGES:
        page.goto(live_server.url + url)
        assert page.get_attribute("html", "lang") == "cy"
        assert page.locator("h1").inner_text() == cy
        axe(page, context=f"{url} (cy)")


def test_filter_form_and_links_work(page, live_server):
    page.goto(live_server.url + "/framework/indicators/")
    page.select_option("#domain", "housing")
    page.check("#core")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "domain=housing" in page.url and "core=1" in page.url
    page.click("text=Overcrowding")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Overcrowding"
    assert page.locator("table").first.inner_text().count("Census 2021") == 1
