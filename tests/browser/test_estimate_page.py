import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def demo_results():
    from perthyn.web.estimate.demo import seed

    seed(rows=20000)


def test_estimate_page_is_labelled_synthetic_shows_provenance_and_passes_axe(page, live_server, axe):
    page.goto(live_server.url + "/estimate/?indicator=employment_rate&grouping=migrant_group")
    assert page.locator(".synthetic-label").is_visible()
    assert "Synthetic data" in page.locator(".synthetic-label").inner_text()
    table = page.locator("table", has=page.locator("caption", has_text="estimates (synthetic data)"))
    assert "Unweighted n" in table.inner_text() and "95% CI" in table.inner_text()
    assert page.locator("svg[role=img] title").count() >= 1
    assert "Definition version" in page.locator(".provenance").first.inner_text()
    axe(page, context="estimate (en)")
    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert "Data synthetig" in page.locator(".synthetic-label").inner_text()
    axe(page, context="estimate (cy)")


def test_breakdown_by_area_shows_suppression_and_download(page, live_server):
    page.goto(live_server.url + "/estimate/?indicator=employment_rate")
    page.select_option("#grouping", "area_code+migrant_group")
    page.click("button:has-text('Show')")
    page.wait_for_load_state()
    assert "[c]" in page.content()          # small groups are hidden by the gate
    with page.expect_download() as info:
        page.click("text=Download the estimates")
    text = open(info.value.path(), encoding="utf-8").read()
    assert text.startswith("indicator_id,") and "synthetic" in text.splitlines()[0]
