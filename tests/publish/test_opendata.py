"""Open data: CSV with a BOM that round-trips, XLSX with the same values, a Frictionless package listing
every column, validated by Frictionless (which must also be able to fail)."""

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from perthyn.charts import numbers
from perthyn.publish import opendata
from perthyn.publish.site import build_opendata, write_opendata


def _text(v):
    return "" if numbers.is_missing(v) else v


@pytest.fixture(scope="module")
def package(tmp_path_factory, cardiff_cy):
    directory = tmp_path_factory.mktemp("cardiff")
    return directory, write_opendata(cardiff_cy, directory)


def test_csv_has_bom_and_round_trips(cardiff_cy):
    for t in cardiff_cy.tables():
        data = opendata.csv_bytes(t)
        assert data.startswith(b"\xef\xbb\xbf"), t.id
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0] == [c.key for c in t.table.columns]
        assert len(rows) - 1 == len(t.table.rows)
        for got, want in zip(rows[1:], t.table.rows):
            for g, w, col in zip(got, want, t.table.columns):
                if numbers.is_missing(w):
                    assert g == ""
                elif col.numeric:
                    assert float(g) == pytest.approx(float(w))
                else:
                    assert g == str(w)  # Welsh text intact (â, ŷ, ')


def test_datapackage_lists_every_column_of_every_csv(package, cardiff_cy):
    directory, path = package
    desc = json.loads(path.read_text(encoding="utf-8"))
    assert {r["name"] for r in desc["resources"]} == {t.id for t in cardiff_cy.tables()}
    assert desc["licenses"][0]["name"] == "OGL-UK-3.0" and desc["language"] == "cy"
    for r in desc["resources"]:
        with open(directory / r["path"], encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert [f["name"] for f in r["schema"]["fields"]] == header
        assert all(f.get("title") and f.get("type") in ("string", "number", "integer") for f in r["schema"]["fields"])
        assert r["sources"] and all(s["title"] for s in r["sources"])
        numeric = [f for f in r["schema"]["fields"] if f["type"] != "string"]
        assert all(f.get("unit") for f in numeric), r["name"]


def test_frictionless_validates_and_can_fail(package):
    directory, path = package
    assert opendata.validate(path) == []
    broken = directory / "w06000015-moves.csv"
    broken.write_bytes(broken.read_bytes().replace(b",1.4", b",lots"))
    problems = opendata.validate(path)
    assert any("type-error" in p for p in problems)


def test_xlsx_has_the_same_values(cardiff_cy):
    t = next(t for t in cardiff_cy.tables() if t.id.endswith("aps-trend"))
    wb = load_workbook(io.BytesIO(opendata.xlsx_bytes(t, "cy")))
    rows = list(wb["data"].iter_rows(values_only=True))
    assert list(rows[0]) == [c.key for c in t.table.columns]
    for got, want in zip(rows[1:], t.table.rows):
        for g, w in zip(got, want):
            if numbers.is_missing(w):
                assert g is None
            elif isinstance(w, str):
                assert g == w
            else:
                assert g == pytest.approx(float(w), rel=1e-12)
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True) if r and r[0]}
    assert "Arolwg Blynyddol" in about["source"]


def test_bulk_zip_has_every_area(tmp_path):
    codes = ["W06000015", "W06000022"]
    zpath = build_opendata(tmp_path, langs=("en",), codes=codes)
    with zipfile.ZipFile(zpath) as zf:
        names = zf.namelist()
    for code in codes:
        assert f"en/{code.lower()}/datapackage.json" in names
        assert f"en/{code.lower()}/{code.lower()}-country_of_birth.csv" in names
        assert f"en/{code.lower()}/{code.lower()}-country_of_birth.xlsx" in names
    assert "en/wales-overview/wales-summary.csv" in names
