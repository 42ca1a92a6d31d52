import pytest

pytestmark = pytest.mark.django_db


def test_glossary_page_english_and_welsh(client):
    r = client.get("/people/glossary/")
    assert r.status_code == 200 and "Third country national" in r.content.decode()
    client.cookies["perthyn_language"] = "cy"
    r = client.get("/people/glossary/")
    text = r.content.decode()
    assert "Geirfa termau ymfudo" in text and "Dinesydd trydedd wlad" in text and 'lang="cy"' in text


def test_who_page_groups_dates_and_check(client):
    r = client.get("/people/who/", {"code": "HR", "on": "2013-07-01"})
    text = r.content.decode()
    assert 'Croatia (HR): <span class="since">2013-07-01</span>' in text and "<code>eu_other</code>" in text
    r = client.get("/people/who/", {"code": "GB", "on": "2020-02-01", "host": "ie"})
    assert "<code>third_country</code>" in r.content.decode()
    r = client.get("/people/who/", {"code": "ZZ"})
    assert 'aria-invalid="true"' in r.content.decode() and "unknown country code" in r.content.decode()
