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


def _fields(desc, resource):
    r = next(r for r in desc["resources"] if r["name"] == resource)
    return {f["name"]: f for f in r["schema"]["fields"]}


@pytest.mark.parametrize("lang,rank,indicators,people", [
    ("en", "rank (1 = highest)", "indicators", "people"),
    ("cy", "safle (1 = uchaf)", "dangosyddion", "pobl"),
])
def test_units_name_what_is_counted_in_the_package_language(request, lang, rank, indicators, people):
    """A rank is not a number of people, nor is a count of indicators; and a Welsh package names units in Welsh."""
    profile = request.getfixturevalue(f"cardiff_{lang}")
    desc = opendata.descriptor(profile.tables(), name="p", title="t", lang=lang)
    comparison = _fields(desc, "w06000015-comparison")
    assert comparison["rank"]["unit"] == rank and comparison["rank"]["type"] == "integer"
    status = _fields(desc, "w06000015-gaps-status")
    assert status["indicators"]["unit"] == indicators and status["indicators"]["type"] == "integer"
    assert _fields(desc, "w06000015-country_of_birth-rank")["rank"]["unit"] == rank
    assert _fields(desc, "w06000015-languages")["residents"]["unit"] == people
    names = set(opendata.unit_names(lang).values())
    for r in desc["resources"]:
        for f in r["schema"]["fields"]:
            if f["type"] != "string":
                assert f["unit"] in names, (r["name"], f)
    if lang == "cy":
        english = set(opendata.unit_names("en").values())
        units = {f["unit"] for r in desc["resources"] for f in r["schema"]["fields"] if "unit" in f}
        assert not units & english, units & english
        descriptions = {f.get("description") for r in desc["resources"] for f in r["schema"]["fields"]}
        assert not descriptions & english
    t = next(t for t in profile.tables() if t.id == "w06000015-comparison")
    wb = load_workbook(io.BytesIO(opendata.xlsx_bytes(t, lang)))
    about = {r[0]: r[2] for r in wb["about"].iter_rows(values_only=True) if r and r[0] and len(r) > 2}
    assert about["rank"] == rank


def test_rank_and_indicator_counts_are_whole_numbers_in_the_csv(cardiff_en):
    t = next(t for t in cardiff_en.tables() if t.id == "w06000015-comparison")
    rows = list(csv.reader(io.StringIO(opendata.csv_bytes(t).decode("utf-8-sig"))))
    ranks = [r[rows[0].index("rank")] for r in rows[1:]]
    assert ranks and all(v.isdigit() for v in ranks)


@pytest.fixture
def few_areas(monkeypatch):
    """Two Welsh and two English authorities stand in for all of them, to keep the bulk runs short."""
    from perthyn.publish import areas

    wales, england = areas.wales()[:2], areas.england()[:2]
    monkeypatch.setattr(areas, "wales", lambda: wales)
    monkeypatch.setattr(areas, "england", lambda: england)
    return wales, england


@pytest.mark.parametrize("scope", ["wales", "all"])
def test_bulk_download_covers_english_authorities_on_request(tmp_path, few_areas, scope):
    from click.testing import CliRunner

    from perthyn.publish.cli import publish

    wales, england = few_areas
    args = ["opendata", "--out", str(tmp_path)] + (["--areas", scope] if scope == "all" else [])
    result = CliRunner().invoke(publish, args)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "perthyn-opendata.zip") as zf:
        names = set(zf.namelist())
    for lang in ("en", "cy"):
        for a in wales:
            assert f"{lang}/{a.code.lower()}/datapackage.json" in names
        for a in england:
            assert (f"{lang}/{a.code.lower()}/datapackage.json" in names) == (scope == "all")
            assert (f"{lang}/{a.code.lower()}/{a.code.lower()}-country_of_birth.csv" in names) == (scope == "all")
    assert "--areas" in CliRunner().invoke(publish, ["opendata", "--help"]).output
