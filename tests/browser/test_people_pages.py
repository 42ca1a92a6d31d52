import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_glossary_passes_axe_in_english_and_welsh(page, live_server, axe):
    page.goto(live_server.url + "/people/glossary/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("dfn", has_text="Asylum seeker").count() == 1
    axe(page, context="glossary (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert page.locator("h1").inner_text() == "Geirfa termau ymfudo"
    assert page.locator("dfn", has_text="Ceisiwr lloches").count() == 1
    axe(page, context="glossary (cy)")


def test_who_counts_page_classifies_and_passes_axe(page, live_server, axe):
    page.goto(live_server.url + "/people/who/")
    assert "2007-01-01" in page.locator("table").inner_text()
    page.fill("#code", "RO")
    page.fill("#on", "2006-12-31")
    page.click("text=Classify")
    page.wait_for_load_state()
    assert "third_country" in page.locator("[role=status]").inner_text()
    axe(page, context="who counts (en, result)")
    page.fill("#code", "Atlantis")
    page.click("text=Classify")
    page.wait_for_load_state()
    assert "unknown country code" in page.locator("#code-error").inner_text()
    assert page.get_attribute("#code", "aria-invalid") == "true"
    axe(page, context="who counts (en, error)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Pwy sy'n cyfrif fel mudwr"
    axe(page, context="who counts (cy)")
