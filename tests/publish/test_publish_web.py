"""The publish pages through Django's test client (no browser): list, profile, unknown area, downloads."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_list_and_profile_pages(client):
    page = client.get("/profiles/").content.decode()
    assert page.count('href="/profiles/W06') >= 22
    profile = client.get("/profiles/W06000015/").content.decode()
    assert "Local migration profile: Cardiff" in profile
    assert profile.count('role="img"') >= 10 and "<caption>" in profile
    assert 'href="/profiles/W06000015/tables/w06000015-country_of_birth.csv"' in profile


def test_profile_in_welsh(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    profile = client.get("/profiles/W06000015/").content.decode()
    assert "Proffil mudo lleol: Caerdydd" in profile and "Ffynhonnell" in profile


def test_unknown_area_lists_codes(client):
    response = client.get("/profiles/W06000099/")
    assert response.status_code == 404
    assert "W06000015" in response.content.decode() and "Unknown area" in response.content.decode()


def test_table_downloads_and_datapackage(client):
    csv = client.get("/profiles/W06000015/tables/w06000015-moves.csv")
    assert csv["Content-Type"].startswith("text/csv") and csv.content.startswith(b"\xef\xbb\xbf")
    xlsx = client.get("/profiles/overview/tables/wales-summary.xlsx")
    assert xlsx.content[:2] == b"PK"
    desc = json.loads(client.get("/profiles/W06000015/datapackage.json").content)
    moves = next(r for r in desc["resources"] if r["name"] == "w06000015-moves")
    assert moves["path"].endswith("/profiles/W06000015/tables/w06000015-moves.csv")
    assert client.get("/profiles/W06000015/tables/nope.csv").status_code == 404


def test_profiles_use_the_configured_estimates_labelled_with_their_source(client, monkeypatch, tmp_path):
    from django.conf import settings

    from estimate_output import write_output

    monkeypatch.setenv("PERTHYN_PROFILE_ESTIMATES", str(write_output(tmp_path, source="council_survey_2023")))
    page = client.get("/profiles/W06000015/").content.decode()
    dashboard = page[page.index('id="dashboard"'):]
    dashboard = dashboard[:dashboard.index("</section>")]
    assert "computed from the microdata supplied (source: council_survey_2023)" in dashboard
    assert "The user&#x27;s own microdata" in dashboard or "The user's own microdata" in dashboard
    assert "SYNTHETIC" not in page and str(tmp_path) not in page
    assert "Employment rate" in dashboard  # the supplied numbers, not the synthetic ones
    desc = json.loads(client.get("/profiles/W06000015/datapackage.json").content)
    board = next(r for r in desc["resources"] if r["name"] == "w06000015-dashboard")
    assert any("council_survey_2023" in s["title"] for s in board["sources"])

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get("/profiles/W06000015/").content.decode()
    assert "ffynhonnell: council_survey_2023" in welsh and "SYNTHETIG" not in welsh


def test_default_estimates_are_synthetic_and_labelled(client, monkeypatch):
    monkeypatch.delenv("PERTHYN_PROFILE_ESTIMATES", raising=False)
    page = client.get("/profiles/W06000015/").content.decode()
    assert "SYNTHETIC DATA" in page


def test_a_wrong_estimates_directory_is_a_configuration_error(client, monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("PERTHYN_PROFILE_ESTIMATES", str(tmp_path))  # no estimates.csv there
    with pytest.raises(ImproperlyConfigured, match="(?s)PERTHYN_PROFILE_ESTIMATES.*estimates.csv"):
        client.get("/profiles/W06000015/")


def test_english_authority_profile_page_marks_the_dashboard_gap(client):
    page = client.get("/profiles/E08000025/").content.decode()
    assert "Local migration profile: Birmingham" in page
    dashboard = page[page.index('id="dashboard"'):]
    dashboard = dashboard[:dashboard.index("</section>")]
    assert 'class="gap"' in dashboard and "SYNTHETIC" not in page


def test_list_says_what_the_bulk_zip_covers(client):
    page = client.get("/profiles/").content.decode()
    assert "All Welsh local authorities and the Wales overview in one zip file" in page
    assert "perthyn publish opendata --areas all" in page
