import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def synthetic_estimates():
    """The dashboard's synthetic estimates are computed once (the estimate job's run); do it before any page
    load so that no navigation waits on it (the live server runs in this process and shares the cache)."""
    from perthyn.publish.estimates import synthetic_default

    synthetic_default()


# every publish page type, with its heading in English and in Welsh
PAGES = (
    ("/profiles/", "Local migration profiles", "Proffiliau mudo lleol"),
    ("/profiles/W06000015/", "Local migration profile: Cardiff", "Proffil mudo lleol: Caerdydd"),
    ("/profiles/E08000025/", "Local migration profile: Birmingham", "Proffil mudo lleol: Birmingham"),
    ("/profiles/overview/", "Wales overview: the 22 local authorities compared",
     "Trosolwg Cymru: cymharu'r 22 awdurdod lleol"),
)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_publish_page_passes_axe(page, live_server, axe, lang):
    page.goto(live_server.url + "/profiles/")
    if lang == "cy":
        page.click("text=Cymraeg")  # the site's own language switch
        page.wait_for_load_state()
    for path, heading_en, heading_cy in PAGES:
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("h1").inner_text() == (heading_cy if lang == "cy" else heading_en)
        if path == "/profiles/":
            assert page.locator("table.area-list tbody tr").count() == 22
        elif path.startswith("/profiles/W"):
            figures = page.locator("figure.chart-figure")
            assert figures.count() >= 10
            first = figures.first
            assert first.locator("svg[role=img] title").count() == 1 and first.locator("table caption").count() == 1
            assert page.locator(".gap").count() >= 1  # Welsh language skills: marked as a gap
            assert ("DATA SYNTHETIG" if lang == "cy" else "SYNTHETIC DATA") in page.locator("#dashboard").inner_text()
            if lang == "cy":
                assert "Pwy yw'r mudwyr yng Nghaerdydd?" in page.locator(".lead").first.inner_text()
        elif path.startswith("/profiles/E"):
            # the synthetic estimates simulate Welsh residents: the English dashboard is a marked gap, unlabelled
            assert page.locator("#dashboard .gap").count() == 1
            assert page.locator(".synthetic-label").count() == 0
            assert page.locator("figure.chart-figure").count() >= 8
        axe(page, context=f"{path} ({lang})")


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
