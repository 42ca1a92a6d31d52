"""APS and Irish Census loaders: quirks handled, figures checked against the raw cells and published totals."""

import csv

import pytest

from perthyn.data import APS_GROUPS, aps_country_of_birth, ireland_las, provenance
from perthyn.data.files import reference_dir


def raw_row(year, code):
    with open(reference_dir() / "ons_aps_cob_la" / f"birth_country_{year}.csv", encoding="latin-1") as fh:
        return next(r for r in csv.reader(fh) if r and r[0] == code)


def test_aps_2016_thousands_and_codes():
    df = aps_country_of_birth(2016).set_index(["area_code", "group"])
    raw = raw_row(2016, "W06000015")          # Cardiff: 355,z,313,27,41,10,,12,5,7,4,...
    assert raw[2] == "355" and raw[6] == "41" and raw[7] == "10"
    assert df.loc[("W06000015", "all"), "estimate"] == 355_000
    assert df.loc[("W06000015", "all"), "ci_status"] == "not_applicable"
    non_uk = df.loc[("W06000015", "non_uk")]
    assert (non_uk["estimate"], non_uk["ci"], non_uk["ci_low"], non_uk["ci_high"]) == (41_000, 10_000, 31_000, 51_000)
    # "c" is confidential (no estimate); "0~" rounds to zero
    eu2 = df.loc[("W06000015", "eu_other")]
    assert eu2["status"] == "confidential" and eu2["estimate"] != eu2["estimate"]
    darlington = df.loc[("E06000005", "eu2")]
    assert darlington["status"] == "rounds_to_0" and darlington["estimate"] == 0


def test_aps_2019_has_no_spacer_column_but_same_groups():
    df = aps_country_of_birth(2019).set_index(["area_code", "group"])
    assert df.loc[("W06000001", "all"), "estimate"] == 70_000
    assert df.loc[("W06000001", "uk"), "estimate"] == 68_000
    assert set(df.index.get_level_values("group")) == {g for g, _ in APS_GROUPS}


def test_aps_2021_whole_numbers_words_and_latin1():
    df = aps_country_of_birth(2021)
    wales = df[(df.area_code == "W92000004")].set_index("group")
    assert wales.loc["all", "estimate"] == 3_120_000 and wales.loc["non_uk", "estimate"] == 188_000
    assert wales.loc["non_uk", "ci"] == 16_000
    cardiff = df[df.area_code == "W06000015"].set_index("group")
    assert cardiff.loc["eu_other", "status"] == "confidential"
    assert cardiff.loc["other_europe", "status"] == "no_contacts"
    assert df[df.area_code == "W06000001"]["area_name"].iloc[0] == "Isle of Anglesey / Ynys Môn"
    assert provenance(df)["period"] == "APS year ending June 2021"


def test_aps_groups_add_up_where_published():
    # EU = EU14 + EU8 + EU2 + other EU, within rounding of the published thousands (UK row, 2016)
    df = aps_country_of_birth(2016)
    uk = df[df.area_code == "K02000001"].set_index("group")["estimate"]
    assert abs(uk["eu"] - (uk["eu14"] + uk["eu8"] + uk["eu2"] + uk["eu_other"])) <= 2_000
    assert abs(uk["non_uk"] - (uk["eu"] + uk["non_eu"])) <= 2_000


def test_aps_unknown_year():
    from perthyn.errors import InputErrors

    with pytest.raises(InputErrors, match="2016, 2017"):
        aps_country_of_birth(2015)


def test_ireland_total_as_published():
    df = ireland_las(include_total=True)
    state = df[df.area_code == "IE0"].iloc[0]
    assert state["non_irish_nationals"] == 535_475
    assert round(state["pct_non_irish"], 1) == 11.4
    assert len(df) == 32 and provenance(df)["licence"].startswith("CSO")


@pytest.mark.parametrize("name,pct", [("Galway City", 18.2), ("Dublin City", 17.1), ("Fingal", 16.0), ("Donegal", 7.3)])
def test_ireland_la_percentages(name, pct):
    df = ireland_las().set_index("name")
    assert round(df.loc[name, "pct_non_irish"], 1) == pct


def test_ireland_latin1_names_and_comma_thousands():
    df = ireland_las().set_index("la_code")
    assert df.loc["DR", "name"] == "Dún Laoghaire-Rathdown"
    with open(reference_dir() / "ireland_cso2016" / "SAPS2016_CTY31.csv", encoding="latin-1") as fh:
        raw = next(r for r in csv.DictReader(fh) if r["GEOGID"] == "CTY31_GC")
    assert "," in raw["T2_1TN"]
    assert df.loc["GC", "usual_residents_present"] == int(raw["T2_1TN"].replace(",", ""))
