import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/funding/gp_services_wales/"


def cardiff_change(page):
    row = page.locator("#allocation-table tr", has_text="Cardiff")
    return row.locator("td").nth(2).inner_text()


def test_explorer_changes_a_parameter_without_and_with_javascript(page, live_server, axe):
    page.goto(live_server.url + URL)
    assert page.locator("svg[role=img] title").count() >= 1
    assert cardiff_change(page) == "+£75,657"   # registration lag: Cardiff has the most recent arrivals
    axe(page, context="funding explorer (en)")
    # change the registration rate the correction assumes: the script refreshes the results in place
    field = page.get_by_label("Registration rate the correction assumes, arrived under 2 years")
    field.fill("0.5")
    field.dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#allocation-table').innerText.includes('+£113,212')")
    assert "p1=0.5" in page.url
    # and the plain form submission gives the same page
    page.click("text=Show the allocation")
    page.wait_for_load_state()
    assert cardiff_change(page) == "+£113,212"
    axe(page, context="funding explorer after a change (en)")


def test_explorer_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + URL)
    page.select_option("#id_scenario", "usual_residents")
    page.click("text=Show the allocation")
    page.wait_for_load_state()
    assert "scenario=usual_residents" in page.url
    assert cardiff_change(page) == "−£95,712"   # residents instead of lists: Cardiff's inflated list no longer counts
    context.close()


def test_explanation_page_in_english_and_welsh(page, live_server, axe):
    page.goto(live_server.url + URL)
    page.click("#allocation-table >> text=Newport")
    page.wait_for_load_state()
    assert "Why Newport gets what it gets" in page.locator("h1").inner_text()
    assert "Newport receives" in page.locator(".explanation").inner_text()
    axe(page, context="funding area explanation (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert "Mae Casnewydd yn cael" in page.locator(".explanation").inner_text()
    axe(page, context="funding area explanation (cy)")
    page.goto(live_server.url + URL)
    assert page.get_attribute("html", "lang") == "cy"
    axe(page, context="funding explorer (cy)")
