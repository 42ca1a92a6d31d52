"""The funding pages through Django's test client: explorer, explanation, downloads."""

import io

import pandas as pd
import pytest
from pypdf import PdfReader

URL = "/funding/gp_services_wales/"


def test_index_lists_the_worked_example(client):
    r = client.get("/funding/")
    assert r.status_code == 200
    assert "gp_services_wales" in r.content.decode()


def test_explorer_shows_table_and_chart_and_applies_a_parameter(client):
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200 and "<svg" in html and 'role="img"' in html
    assert html.count('<tr class="') == 22
    # the default view is the registration-lag scenario against the baseline: Cardiff gains 75,657 (as the CLI says)
    assert "+£75,657" in html
    # a lower assumed registration rate in the correction adds more recent arrivals back, so Cardiff gains more
    r2 = client.get(URL, {"scenario": "registration_lag", "p1": "0.5"})
    assert "+£113,212" in r2.content.decode()


def test_explorer_reports_a_bad_value_in_the_form(client):
    r = client.get(URL, {"scenario": "registration_lag", "p1": "5"})
    html = r.content.decode()
    assert r.status_code == 200 and 'role="alert"' in html and "out of range" in html


def test_explanation_in_english_and_welsh(client):
    r = client.get(URL + "area/W06000015/", {"scenario": "registration_lag"})
    html = r.content.decode()
    assert "Cardiff receives £11,929,848" in html and "more than the baseline" in html
    # a component label starts its sentence in English
    assert "Morbidity (25% of the pot) gives" in html
    client.cookies["django_language"] = "cy"
    r = client.get(URL + "area/W06000015/", {"scenario": "registration_lag"}, HTTP_ACCEPT_LANGUAGE="cy")
    html = r.content.decode()
    assert 'lang="cy"' in html and "Mae Caerdydd yn cael £11,929,848" in html
    # mid-sentence in Welsh the label is lower-case; the place name keeps its capital
    assert "Mae morbidrwydd (25% o" in html and "Mae Morbidrwydd" not in html


def test_unknown_area_and_formula_are_404(client):
    assert client.get(URL + "area/W99999999/").status_code == 404
    assert client.get("/funding/no_such_formula/").status_code == 404


def test_challenge_pack_csv_and_pdf(client):
    q = {"scenario": "registration_lag", "p1": "0.5"}
    r = client.get(URL + "area/W06000022/pack.csv", q)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(r.content.decode()), comment="#")
    assert set(df.section) == {"formula", "data", "position", "scenarios"}
    scen = df[df.section == "scenarios"].set_index("item")
    assert {"baseline", "registration_lag", "registration_lag_transition", "adjusted"} <= set(scen.index)
    # Newport's population comes from the bundled Census 2021 table
    assert float(df[(df.section == "data") & (df["item"] == "census.usual_residents")]["value"].iloc[0]) == 159587
    r = client.get(URL + "area/W06000022/pack.pdf", q)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Newport" in text and "Scenarios tried" in text and "illustrative" in text


def test_allocation_download_adds_up(client):
    r = client.get(URL + "allocation.csv", {"scenario": "registration_lag_transition"})
    df = pd.read_csv(io.StringIO(r.content.decode()))
    assert list(df.columns[:4]) == ["area_code", "area_name", "allocation", "share"]
    assert round(df.allocation.sum(), 2) == 100_000_000


def test_explorer_ranks_parameters_by_how_much_they_matter(client):
    html = client.get(URL, {"scenario": "registration_lag"}).content.decode()
    table = html[html.index('id="sensitivity-table"'):]
    first_row = table[table.index("<tbody>"):].split("</tr>")[0]
    # list turnover follows recent arrivals, 38% of whom live in Cardiff: its weight moves Cardiff most
    assert "Weight of list turnover" in first_row and "Cardiff" in first_row
