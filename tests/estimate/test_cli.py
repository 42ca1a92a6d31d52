"""`perthyn estimate` end to end: files in, the documented CSV out, errors as messages."""

import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main

from .conftest import DATA
from .rcompare import load_reference

REF = load_reference(DATA / "reference.csv")
DESIGN = ["--weight", "w", "--strata", "stratum2", "--psu", "psu"]
COLUMNS = ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_weighted"]


def run(*args):
    return CliRunner().invoke(main, ["estimate", *map(str, args)], catch_exceptions=False)


def ref(case):
    return REF[REF.case == case].set_index("domain")


def test_mean_from_parquet_matches_r(survey_parquet, tmp_path):
    out = tmp_path / "m.csv"
    r = run("mean", survey_parquet, "--var", "y", "--by", "area", *DESIGN, "--no-gate", "--out", out)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert list(df.columns) == ["area", *COLUMNS, "flag"]
    want = ref("mean_area")
    for area in "ABCD":
        row = df.set_index("area").loc[area]
        assert row.estimate == pytest.approx(want.loc[area, "estimate"], rel=1e-9)
        assert row.se == pytest.approx(want.loc[area, "se"], rel=1e-9)


def test_ratio_and_gap_from_csv(tmp_path):
    out = tmp_path / "r.csv"
    assert run("ratio", DATA / "survey.csv", "--num", "unemp", "--den", "active", "--by", "area", *DESIGN,
               "--no-gate", "--out", out).exit_code == 0
    got = pd.read_csv(out).set_index("area")
    assert got.loc["B", "se"] == pytest.approx(ref("ratio_unemp_area").loc["B", "se"], rel=1e-9)
    out = tmp_path / "g.csv"
    r = run("gap", DATA / "survey.csv", "--var", "y", "--by", "area", "--compare", "g:1,0", *DESIGN, "--no-gate",
            "--out", out)
    assert r.exit_code == 0, r.output
    got = pd.read_csv(out)
    assert list(got.columns[:2]) == ["area", "g"] and got.g[0] == "1 - 0"
    assert got.set_index("area").loc["A", "se"] == pytest.approx(ref("gap_y_area").loc["A", "se"], rel=1e-9)


def test_replicate_weights_by_pattern(survey_parquet):
    r = run("mean", survey_parquet, "--var", "y", "--by", "area", "--weight", "w", "--replicate", "fay*",
            "--replicate-type", "Fay", "--rho", "0.5", "--no-gate")
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("area,estimate,se")
    got = float(lines[1].split(",")[2])
    assert got == pytest.approx(ref("rep_Fay_mean_area").loc["A", "se"], rel=1e-9)


def test_show_sql_prints_the_query(survey_parquet, tmp_path):
    r = run("mean", survey_parquet, "--var", "y", "--by", "area", *DESIGN, "--show-sql", "--out", tmp_path / "x.csv")
    assert r.exit_code == 0
    # Variance is SQL too: PSU sums, then per domain and stratum the sum and population variance of the
    # influence values, joined to the strata's PSU counts.
    assert "GROUP BY" in r.output and "SUM(" in r.output and "JOIN" in r.output and "VAR_POP(" in r.output


def test_bad_input_is_an_error_message_and_writes_nothing(tmp_path):
    out = tmp_path / "never.csv"
    r = CliRunner().invoke(main, ["estimate", "mean", str(DATA / "survey.csv"), "--var", "nope", "--by", "area",
                                  "--weight", "w", "--strata", "stratum", "--psu", "psu", "--out", str(out)])
    assert r.exit_code == 1
    assert "column 'nope'" in r.output and "only one PSU" in r.output and "S7" in r.output
    assert not out.exists()
    r = CliRunner().invoke(main, ["estimate", "mean", str(tmp_path / "missing.parquet"), "--var", "y"])
    assert r.exit_code == 1 and "file not found" in r.output


def test_help_is_useful():
    for cmd in ("mean", "ratio", "gap", "total"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "--singleton" in r.output and "--show-sql" in r.output
