"""MIPEX 2019 recomputed from its areas, and the census consistency check on the bundled real data."""

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.index import check_answers, load
from perthyn.index.census import census_shares
from perthyn.index.consistency import census_step, check, inconsistent_authorities
from perthyn.index.mipex import find_defects, read_mipex, recompute, repair

MIPEX = Path(__file__).parent / "data" / "MIPEX2019_from_mrziwan89.csv"
DEFECTIVE = {"Canada", "Sweden", "Finland", "Portugal", "Belgium", "Bulgaria", "North Macedonia", "South Africa"}
SEVEN = ["LABOUR MARKET MOBILITY", "FAMILY REUNION", "EDUCATION", "POLITICAL PARTICIPATION", "PERMANENT RESIDENCE",
         "ACCESS TO NATIONALITY", "ANTI-DISCRIMINATION"]


def test_mipex_defect_found_and_overall_recomputed_within_one_point():
    frame = read_mipex(MIPEX)
    defects = find_defects(frame)
    assert set(defects["COUNTRY"]) == DEFECTIVE
    assert set(defects["area"]) == {"ANTI-DISCRIMINATION"} and (defects["stored"] == 0).all()
    fixed = repair(frame, defects)
    # independent check straight from the file: mean of the 7 areas other than Health, with the fix applied
    with open(MIPEX, newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            vals = {a: float(row[a]) for a in SEVEN}
            if row["COUNTRY"].strip() in DEFECTIVE:
                assert vals["ANTI-DISCRIMINATION"] == 0
                vals["ANTI-DISCRIMINATION"] = 100
            mean = sum(vals.values()) / 7
            assert abs(mean - float(row["OVERALL SCORE"])) <= 1, row["COUNTRY"]
    assert recompute(fixed)["consistent"].all()
    assert (~recompute(frame).set_index("COUNTRY").loc[list(DEFECTIVE), "consistent"]).all()


def test_mipex_command():
    r = CliRunner().invoke(main, ["index", "mipex", str(MIPEX)])
    assert r.exit_code == 0, r.output
    assert "before 48/56" in r.output and "after repair 56/56" in r.output


def test_census_category_cuts():
    cuts = [0.5, 0.8, 1.25, 2.0]
    assert [census_step(r, cuts) for r in (0.3, 0.5, 0.79, 1.0, 1.25, 1.99, 2.0, 5)] == [-2, -1, -1, 0, 1, 1, 2, 2]


def test_wales_census_shares_match_published_figures():
    w = census_shares("wales").set_index("name")
    assert w["national_share"].iloc[0] == pytest.approx(6.9, abs=0.05)
    assert w.loc["Cardiff", "share"] == pytest.approx(16.5, abs=0.1)
    assert w.loc["Caerphilly", "share"] == pytest.approx(2.9, abs=0.1)


def test_consistency_on_welsh_authorities():
    q = load()
    answers = check_answers(pd.DataFrame([
        {"area_code": "W06000015", "census_migrants": "considerably_higher"},   # Cardiff 16.5 / 6.9 = 2.4
        {"area_code": "W06000018", "census_migrants": "roughly_same"},          # Caerphilly 2.9 / 6.9 = 0.42
        {"area_code": "W06000022", "census_migrants": "considerably_higher"},   # Newport 12.2 / 6.9 = 1.77
    ]), q)
    result = check(answers, census_shares("wales"), q).set_index("area_code")
    assert result.loc["W06000015", "consistent"]
    assert result.loc["W06000018", "census_category"] == "Considerably lower"
    assert result.loc["W06000018", "verdict"] == "overestimate"
    assert result.loc["W06000022", "census_category"] == "Slightly higher"
    bad = inconsistent_authorities(check(answers, census_shares("wales"), q))
    assert list(bad["area_code"]) == ["W06000018", "W06000022"]
    assert {"area_share", "national_share", "answer"} <= set(bad.columns)
    # one step of tolerance forgives Newport but not Caerphilly
    lenient = inconsistent_authorities(check(answers, census_shares("wales"), q, tolerance=1))
    assert list(lenient["area_code"]) == ["W06000018"]


def test_consistency_on_irish_authorities_with_eu_split():
    q = load()
    shares = census_shares("ireland")
    galway = shares[(shares["name"] == "Galway City") & (shares["measure"] == "migrants")].iloc[0]
    assert galway["share"] == pytest.approx(18.2, abs=0.2) and galway["national_share"] == pytest.approx(11.4, abs=0.1)
    code = galway["area_code"]
    answers = check_answers(pd.DataFrame([{"area_code": code, "census_migrants": "slightly_higher",
                                           "census_eu_migrants": "roughly_same",
                                           "census_non_eu_migrants": "considerably_lower"}]), q)
    result = check(answers, shares, q).set_index("measure")
    assert result.loc["migrants", "consistent"]          # 18.2 / 11.4 = 1.6: slightly higher
    eu = shares[(shares["area_code"] == code) & (shares["measure"] == "non_eu_migrants")].iloc[0]
    assert result.loc["non_eu_migrants", "ratio"] == pytest.approx(eu["share"] / eu["national_share"])
    assert not result.loc["non_eu_migrants", "consistent"]


def test_consistency_command(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame([{"area_code": "W06000015", "census_migrants": "considerably_higher"},
                  {"area_code": "W06000018", "census_migrants": "slightly_higher"}]).to_csv(path, index=False)
    r = CliRunner().invoke(main, ["index", "consistency", str(path), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    bad = pd.read_csv(tmp_path / "o" / "inconsistent.csv")
    assert list(bad["area_code"]) == ["W06000018"]
    assert bad.loc[0, "area_share"] == pytest.approx(2.9, abs=0.1)
