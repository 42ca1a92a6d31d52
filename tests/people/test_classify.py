"""Hand-chosen cases at the membership boundaries (dates from the Treaties of Accession and the UK's withdrawal)."""

import datetime as dt

import pytest
from click.testing import CliRunner

from perthyn.errors import InputErrors
from perthyn.people import classify, classify_detail, is_migrant


@pytest.mark.parametrize("code,on,host,expected", [
    ("RO", "2006-12-31", "uk", "third_country"),
    ("RO", "2007-01-01", "uk", "eu2"),
    ("BG", dt.date(2007, 1, 1), "uk", "eu2"),
    ("HR", "2013-06-30", "uk", "third_country"),
    ("HR", "2013-07-01", "uk", "eu_other"),
    ("PL", "2004-04-30", "uk", "third_country"),
    ("PL", "2004-05-01", "uk", "eu8"),
    ("MT", "2004-04-30", "uk", "third_country"),
    ("CY", "2004-05-01", "uk", "eu_other"),
    ("GB", "2020-01-31", "ie", "eu14"),      # last day of UK membership
    ("GB", "2020-02-01", "ie", "third_country"),
    ("GB", "2020-02-01", "uk", "uk"),
    ("IE", "2021-03-21", "uk", "eu14"),      # Ireland is in the EU14 seen from the UK
    ("IE", "2016-04-24", "ie", "ie"),        # and the host group seen from Ireland
    ("ES", "1985-12-31", "uk", "third_country"),
    ("ES", "1986-01-01", "uk", "eu14"),
    ("NO", "2021-03-21", "uk", "eea_efta"),
    ("LI", "1995-04-30", "uk", "third_country"),
    ("CH", "2021-03-21", "uk", "switzerland"),
    ("IN", "2021-03-21", "uk", "third_country"),
    ("IM", "2021-03-21", "uk", "third_country"),
])
def test_boundaries(code, on, host, expected):
    assert classify(code, on=on, host=host) == expected


@pytest.mark.parametrize("code", ["POL", "pl", " Poland ", "Republic of Poland"])
def test_alpha3_and_names(code):
    assert classify(code, on="2021-03-21") == "eu8"


@pytest.mark.parametrize("code,expected", [
    ("Wales", "uk"), ("Northern Ireland", "uk"), ("GBR", "uk"), ("Irish Republic", "eu14"),
    ("Ivory Coast", "third_country"), ("Congo (Democratic Republic)", "third_country"), ("Czechia", "eu8"),
    ("Czech Republic", "eu8"), ("Åland Islands", "eu14"), ("Réunion", "eu14"), ("XK", "third_country"),
])
def test_ons_names_and_parts(code, expected):
    assert classify(code, on="2021-03-21") == expected


def test_unknown_code_is_an_error_not_third_country():
    with pytest.raises(InputErrors, match="unknown country code or name 'ZZ'"):
        classify("ZZ")
    with pytest.raises(InputErrors, match="never treated as a third country"):
        classify("Atlantis")


def test_common_travel_area_flag_and_migrant():
    ie = classify_detail("IE", on="2021-03-21")
    assert ie.common_travel_area and ie.migrant and ie.group == "eu14"
    assert not classify_detail("PL", on="2021-03-21").common_travel_area
    assert not is_migrant("Wales") and is_migrant("PL") and not is_migrant("IE", host="ie")


def test_bad_date_and_host():
    with pytest.raises(InputErrors, match="YYYY-MM-DD"):
        classify("PL", on="30/04/2004")
    with pytest.raises(InputErrors, match="unknown host"):
        classify("PL", host="fr")


def test_cli_classify():
    from perthyn.people.cli import people

    r = CliRunner().invoke(people, ["classify", "RO", "--on", "2006-12-31"])
    assert r.exit_code == 0 and r.output.strip() == "third_country"
    r = CliRunner().invoke(people, ["classify", "GB", "--on", "2020-01-31", "--host", "ie", "--nationality"])
    assert r.output.strip() == "eu14"
    r = CliRunner().invoke(people, ["classify", "QQ"])
    assert r.exit_code == 1 and "unknown country code" in r.output


def test_cli_groups_and_glossary():
    from perthyn.people.cli import people

    r = CliRunner().invoke(people, ["groups", "--format", "csv"])
    assert r.exit_code == 0 and "eu2," in r.output and "Romania (RO) 2007-01-01" in r.output
    r = CliRunner().invoke(people, ["glossary", "--lang", "cy"])
    assert r.exit_code == 0 and "Ceisiwr lloches" in r.output and "Ffynhonnell" in r.output
