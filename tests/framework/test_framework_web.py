"""The framework pages through Django's test client, in English and Welsh."""

from __future__ import annotations

import csv
import io

import pytest

from perthyn import framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh(client):
    client.cookies["perthyn_language"] = "cy"
    return client


def test_index_lists_the_seven_domains_with_counts(client):
    fw = framework.load()
    html = client.get("/framework/").content.decode()
    for d in fw.domains("wales_mif"):
        assert f"?domain={d.id}" in html and d.label.en in html
    assert f">{len(fw.indicators)}</td>" in html
    assert "<svg" in html and "<title id=\"chart-title\">" in html


def test_indicator_list_filters(client):
    fw = framework.load()
    html = client.get("/framework/indicators/?domain=housing").content.decode()
    for i in fw.indicators:
        assert (f'/framework/indicators/{i.id}/"' in html) == (i.domain == "housing")
    core = client.get("/framework/indicators/?core=1").content.decode()
    assert core.count('<th scope="row"><a href="/framework/indicators/') == len(fw.core)
    assert client.get("/framework/indicators/?domain=jobs").status_code == 404


def test_indicator_detail_shows_definition_sources_and_status(client):
    html = client.get("/framework/indicators/homelessness/").content.decode()
    for text in ("Homelessness", "New homelessness dataset with a migrant flag", "In development",
                 "expected 2027-2028", "Complete the new homelessness dataset", "<code>homeless</code>",
                 "Stability"):
        assert text in html, text
    assert client.get("/framework/indicators/not_there/").status_code == 404


def test_financial_contribution_in_gap_report(client):
    html = client.get("/framework/gaps/").content.decode()
    assert "Income tax and National Insurance paid by migrants" in html
    assert "HMRC tax records" in html and "source needed" in html


def test_gap_downloads(client):
    r = client.get("/framework/gaps/?format=csv")
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert len(rows) == len(framework.load().indicators)
    assert client.get("/framework/gaps/?format=pdf").status_code == 404


def test_schemes(client):
    html = client.get("/framework/schemes/home_office_ioi/").content.decode()
    for group in ("Markers and means", "Social connections", "Facilitators", "Foundation"):
        assert group in html
    html = client.get("/framework/schemes/wellbeing_wales/").content.decode()
    assert "29. Mean mental well-being score" in html and "/framework/indicators/mental_wellbeing/" in html
    assert client.get("/framework/schemes/wales_mif/").status_code == 404


@pytest.mark.parametrize("url, welsh_text", [
    ("/framework/", "Fframwaith dangosyddion"),
    ("/framework/indicators/", "Cyfradd cyflogaeth"),
    ("/framework/indicators/gp_registration/", "Cofrestru gyda meddyg teulu"),
    ("/framework/gaps/", "Bylchau data: cynnydd fesul parth"),
    ("/framework/schemes/home_office_ioi/", "Nodau a moddion"),
])
def test_pages_in_welsh(welsh, url, welsh_text):
    html = welsh.get(url).content.decode()
    assert 'lang="cy"' in html and welsh_text in html
