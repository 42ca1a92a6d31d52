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
