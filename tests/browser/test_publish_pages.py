import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def synthetic_estimates():
    """The dashboard's synthetic estimates are computed once (the estimate job's run); do it before any page
    load so that no navigation waits on it (the live server runs in this process and shares the cache)."""
    from perthyn.publish.estimates import synthetic_default

    synthetic_default()


def test_profiles_list_profile_and_overview_pass_axe_in_both_languages(page, live_server, axe):
    page.goto(live_server.url + "/profiles/")
    assert page.locator("h1").inner_text() == "Local migration profiles"
    assert page.locator("table.area-list tbody tr").count() == 22
    axe(page, context="/profiles/ (en)")

    page.click("text=Cardiff")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Local migration profile: Cardiff"
    figures = page.locator("figure.chart-figure")
    assert figures.count() >= 10
    first = figures.first
    assert first.locator("svg[role=img] title").count() == 1 and first.locator("table caption").count() == 1
    assert page.locator(".gap").count() >= 1  # Welsh language skills: marked as a gap
    assert "SYNTHETIC DATA" in page.locator("#dashboard").inner_text()
    axe(page, context="profile Cardiff (en)")

    page.click("text=Cymraeg")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert page.locator("h1").inner_text() == "Proffil mudo lleol: Caerdydd"
    assert "Pwy yw'r mudwyr yng Nghaerdydd?" in page.locator(".lead").first.inner_text()
    axe(page, context="profile Caerdydd (cy)")

    page.goto(live_server.url + "/profiles/overview/")
    assert page.locator("h1").inner_text() == "Trosolwg Cymru: cymharu'r 22 awdurdod lleol"
    axe(page, context="overview (cy)")
    page.goto(live_server.url + "/profiles/")
    assert page.locator("h1").inner_text() == "Proffiliau mudo lleol"
    axe(page, context="/profiles/ (cy)")


def test_downloads_from_a_profile(page, live_server):
    page.goto(live_server.url + "/profiles/W06000022/")
    with page.expect_download() as info:
        page.locator("a[href$='w06000022-passports.csv']").first.click()
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(3) == b"\xef\xbb\xbf"
    response = page.request.get(live_server.url + "/profiles/W06000022/datapackage.json")
    assert response.ok and any(r["name"] == "w06000022-passports" for r in response.json()["resources"])
    page.goto(live_server.url + "/profiles/overview/")
    assert page.locator("h1").inner_text() == "Wales overview: the 22 local authorities compared"
    response = page.request.get(live_server.url + "/profiles/W06000099/")
    assert response.status == 404 and "W06000015" in response.text()
