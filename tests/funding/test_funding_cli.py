"""`perthyn funding ...` from the files, with one command each."""

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main

THREE = Path(__file__).parent / "data" / "three_areas.yaml"


def invoke(*args):
    return CliRunner().invoke(main, ["funding", *map(str, args)])


def test_allocate_writes_the_columns_and_adds_up(tmp_path):
    out = tmp_path / "a.csv"
    r = invoke("allocate", THREE, "--out", out)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns[:6]) == ["area_code", "area_name", "allocation", "share", "population", "health"]
    assert df["allocation"].tolist() == [320.25, 453.17, 226.58]          # as worked out in test_engine
    assert round(df["allocation"].sum(), 2) == 1000


def test_allocate_scenario_and_set(tmp_path):
    out = tmp_path / "a.csv"
    assert invoke("allocate", THREE, "--scenario", "registration_lag", "--out", out).exit_code == 0
    assert pd.read_csv(out)["allocation"].tolist() == [325.0, 450.0, 225.0]
    # health weight 1.0 (population rescaled to 0): 1000 * (0.4, 0.4, 0.2)
    assert invoke("allocate", THREE, "--set", "components.health.weight=1", "--out", out).exit_code == 0
    assert pd.read_csv(out)["allocation"].tolist() == [400.0, 400.0, 200.0]


def test_compare_gains_and_losses(tmp_path):
    out = tmp_path / "c.csv"
    r = invoke("compare", THREE, "--scenario", "baseline", "--scenario", "registration_lag", "--out", out)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out).set_index("area_code")
    # 325 - 320.25, 450 - 453.17, 225 - 226.58
    assert df["change"].to_dict() == {"A": 4.75, "B": -3.17, "C": -1.58}
    assert df["direction"].to_dict() == {"A": "gain", "B": "loss", "C": "loss"}
    assert round(df["change"].sum(), 2) == 0


def test_explain_in_welsh():
    r = invoke("explain", THREE, "A", "--lang", "cy", "--scenario", "registration_lag")
    assert r.exit_code == 0, r.output
    assert "Mae Aber yn cael £325 o'r gronfa o £1,000" in r.output
    assert "yn fwy na'r llinell sylfaen" in r.output


def test_validate_reports_line_and_exits_1(tmp_path):
    bad = tmp_path / "three_areas.yaml"
    bad.write_text(THREE.read_text(encoding="utf-8").replace("weights_total: 1", "weights_total: 2"), encoding="utf-8")
    (tmp_path / "three_areas.csv").write_text((THREE.parent / "three_areas.csv").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["funding", "validate", str(bad)])
    assert r.exit_code == 1
    assert "line" in r.output and "weights_total" in r.output
    assert invoke("validate").exit_code == 0          # the bundled worked example


def test_bad_input_is_a_clean_error_and_writes_nothing(tmp_path):
    out = tmp_path / "a.csv"
    r = invoke("allocate", THREE, "--set", "components.health.weight=abc", "--out", out)
    assert r.exit_code == 1 and "expected a number" in r.output and not out.exists()


def test_effects(tmp_path):
    out = tmp_path / "e.csv"
    r = invoke("effects", THREE, "--scenario", "registration_lag", "--out", out)
    assert r.exit_code == 0, r.output
    oat = pd.read_csv(out)
    # registration rate 1.0 in the correction: corrected list = 950 + 0 = 950 = the baseline list -> baseline allocation
    row = oat[(oat.parameter == "bases.corrected.arrivals.lt2.registration_rate") & (oat.setting == "high")]
    assert dict(zip(row.area_code, row.change.round(2))) == {"A": -4.75, "B": 3.17, "C": 1.58}
    joint = pd.read_csv(tmp_path / "e-joint.csv")
    assert len(joint) == 4 * 3          # 2 parameters -> 4 corners x 3 areas


def test_swings_summarise_one_at_a_time_effects():
    from perthyn.funding.formula import load
    from perthyn.funding.scenarios import effects, swings

    s = swings(effects(load(THREE, "registration_lag"), joint=False)["one_at_a_time"]).set_index("parameter")
    # health weight 0.75 (population 0.25): A = 0.25 * 1000 * 0.25 + 0.75 * 1000 * 0.4 = 362.5, a gain of 37.5 on 325
    assert s.loc["components.health.weight", "max_gain"] == 37.5
    assert s.loc["components.health.weight", "max_gain_area"] == "A"
    assert s.index[0] == "components.health.weight"          # the bigger swing of the two parameters


def test_allocation_is_printed_in_pence_and_rounding_has_its_own_column(tmp_path):
    out = tmp_path / "a.csv"
    assert invoke("allocate", THREE, "--out", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header[-4:] == ["damping", "floor_cap", "rounding", "bound"]
    first = dict(zip(header, lines[1].split(",")))
    assert first["allocation"] == "320.25"                     # 2 decimals, not 320.250000
    assert float(first["floor_cap"]) == 0                       # no floor or cap in the baseline
    assert float(first["rounding"]) == pytest.approx(320.25 - 320.253165, abs=1e-6)


def test_repeated_set_holds_every_weight_set(tmp_path):
    out = tmp_path / "a.csv"
    r = invoke("allocate", "gp_services_wales", "--set", "components.morbidity.weight=0.15",
               "--set", "components.rurality.weight=0.15", "--out", out)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    # morbidity's column is exactly 15% of the £100m pot, rurality's 15%, whatever order they are set in
    assert df["morbidity"].sum() == pytest.approx(15_000_000, abs=1e-4)
    assert df["rurality"].sum() == pytest.approx(15_000_000, abs=1e-4)
    bad = invoke("allocate", "gp_services_wales", "--set", "components.morbidity.weight=0.6",
                 "--set", "components.rurality.weight=0.5", "--out", out)
    assert bad.exit_code == 1 and "components.morbidity.weight" in bad.output and "weights_total" in bad.output
