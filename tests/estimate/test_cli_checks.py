"""`perthyn estimate mean/ratio/gap`: bad input as messages, the disclosure gate by default, synthetic
labels and logit intervals only for proportions. Numbers are checked against R survey
(data/reference.csv) or counted by hand from data/survey.csv."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from perthyn.cli import main
from perthyn.errors import InputErrors
from perthyn.estimate import Design, mean, ratio

from .conftest import DATA
from .rcompare import load_reference

REF = load_reference(DATA / "reference.csv")
DESIGN = ["--weight", "w", "--strata", "stratum2", "--psu", "psu"]
CSV = DATA / "survey.csv"


def run(*args):
    return CliRunner().invoke(main, ["estimate", *map(str, args)])


def ref(case):
    return REF[REF.case == case].set_index("domain")


def read(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


# --- 1. bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, column, label", [
    (["mean", "--var", "area"], "area", "--var"),
    (["ratio", "--num", "sex", "--den", "active"], "sex", "--num"),
    (["ratio", "--num", "unemp", "--den", "stratum"], "stratum", "--den"),
    (["gap", "--var", "area", "--compare", "g:1,0"], "area", "--var"),
    (["mean", "--var", "y", "--weight", "sex", "--psu", "psu"], "sex", "--weight"),
])
def test_a_string_column_is_an_error_naming_file_column_and_fix(args, column, label):
    design = [] if "--weight" in args else DESIGN
    r = run(args[0], CSV, *args[1:], "--by", "area", *design)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output   # a message, not a traceback
    assert str(CSV) in r.output and f"column '{column}'" in r.output and label in r.output
    assert "must be a number" in r.output and "Fix:" in r.output


def test_python_api_checks_variable_types_too():
    df = pd.DataFrame({"s": ["a", "b"], "y": [1.0, 2.0]})
    with pytest.raises(InputErrors) as e:
        mean(Design(df, source="people.csv"), "s")
    (p,) = e.value.problems
    assert p.column == "s" and p.file == "people.csv" and "must be a number" in p.message


def test_compare_value_not_in_the_column_lists_the_values_present():
    counts = pd.read_csv(CSV)["g"].value_counts()          # counted here, independently of the engine
    r = run("gap", CSV, "--var", "y", "--by", "area", "--compare", "g:1,7", *DESIGN)
    assert r.exit_code == 1
    assert "'7' not found in column 'g'" in r.output
    assert f"0 ({counts[0]} rows)" in r.output and f"1 ({counts[1]} rows)" in r.output
    assert "empty domain" not in r.output
    r = run("gap", CSV, "--var", "y", "--compare", "g:1,yes", *DESIGN)
    assert r.exit_code == 1 and "not a whole number" in r.output and "'g'" in r.output


def test_psus_not_nested_give_example_rows(tmp_path):
    # PSU 2 is in stratum a (row 2) and stratum b (row 3): worked out by hand
    f = tmp_path / "nest.csv"
    pd.DataFrame({"h": ["a", "a", "b", "b", "b"], "p": [1, 2, 2, 3, 3], "w": [1.0] * 5,
                  "y": [1.0, 2, 3, 4, 5]}).to_csv(f, index=False)
    r = run("mean", f, "--var", "y", "--weight", "w", "--strata", "h", "--psu", "p")
    assert r.exit_code == 1
    assert str(f) in r.output and "column 'p'" in r.output and "not nested" in r.output
    assert "2 rows affected, e.g. rows 2, 3" in r.output


# --- 2. the disclosure gate ---------------------------------------------------------------------------

def test_mean_is_gated_by_default_and_shown_rows_still_match_r(tmp_path):
    n = pd.read_csv(CSV).dropna(subset=["y"]).groupby("area").size()   # E: 2 people, D the next smallest
    assert n["E"] < 10 and n.drop("E").idxmin() == "D"
    out = tmp_path / "m.csv"
    r = run("mean", CSV, "--var", "y", "--by", "area", *DESIGN, "--out", out)
    assert r.exit_code == 0, r.output
    df = read(out).set_index("area")
    assert list(df.columns) == ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_weighted", "flag"]
    # E is below the threshold (primary); D goes with it, else E = total - A - B - C - D (secondary)
    for area in "DE":
        assert df.loc[area, ["estimate", "se", "ci_low", "ci_high", "deff", "n", "n_weighted"]].isna().all()
        assert df.loc[area, "flag"].startswith("suppressed: ")
    assert "below the threshold of 10" in df.loc["E", "flag"]
    assert "area=E cannot be worked out" in df.loc["D", "flag"]
    want = ref("mean_area")
    for area in "ABC":
        assert df.loc[area, "estimate"] == pytest.approx(want.loc[area, "estimate"], rel=1e-9)
        assert df.loc[area, "se"] == pytest.approx(want.loc[area, "se"], rel=1e-9)
        assert df.loc[area, "n"] == n[area]
    assert "2 of 5 row(s) hidden" in r.stderr and "area=E" in r.stderr and "[primary]" in r.stderr
    assert "[secondary]" in r.stderr


def test_threshold_option(tmp_path):
    n = pd.read_csv(CSV).dropna(subset=["y"]).groupby("area").size()
    small = set(n[n < 30].index)
    assert small == {"D", "E"}            # both below 30: hidden together, nothing else needed
    out = tmp_path / "m.csv"
    r = run("mean", CSV, "--var", "y", "--by", "area", *DESIGN, "--threshold", 30, "--out", out)
    assert r.exit_code == 0, r.output
    df = read(out).set_index("area")
    assert set(df.index[df.estimate.isna()]) == small
    assert "(2 primary, 0 secondary)" in r.stderr


def test_gap_sides_are_gated():
    # area E: one person in each group compared
    r = run("gap", CSV, "--var", "y", "--by", "area", "--compare", "g:1,0", *DESIGN)
    assert r.exit_code == 0, r.output
    from io import StringIO

    df = pd.read_csv(StringIO(r.stdout), keep_default_na=False, na_values=[""]).set_index("area")
    assert df.loc["E", ["estimate", "se", "n", "n_x", "n_y"]].isna().all()
    assert df.loc["E", "flag"].startswith("suppressed: ")
    want = ref("gap_y_area")
    for area in "ABC":
        assert df.loc[area, "se"] == pytest.approx(want.loc[area, "se"], rel=1e-9)


def test_no_gate_is_explicit_and_warned():
    r = run("mean", CSV, "--var", "y", "--by", "area", *DESIGN, "--no-gate")
    assert r.exit_code == 0
    assert "must not be published" in r.stderr
    assert "\nE," in r.stdout and ",2," in r.stdout.split("\nE,")[1]       # the n=2 row, as the analyst asked
    help_text = run("mean", "--help").output
    assert "--no-gate" in help_text and "must not be published" in " ".join(help_text.split())


# --- 3. synthetic data are labelled --------------------------------------------------------------------

def test_synthetic_input_is_labelled(tmp_path):
    from perthyn.synth import generate, write

    f = tmp_path / "synth.parquet"
    write(generate(1500, design="survey", seed=5), f)
    out = tmp_path / "s.csv"
    r = run("mean", f, "--var", "overcrowded", "--by", "sex", "--weight", "weight", "--strata", "strata",
            "--psu", "psu", "--out", out)
    assert r.exit_code == 0, r.output
    df = read(out)
    assert "synthetic" in df.columns and df["synthetic"].all()
    assert "SYNTHETIC" in r.stderr
    real = run("mean", CSV, "--var", "y", *DESIGN)
    assert "synthetic" not in real.stdout and "SYNTHETIC" not in real.stderr


# --- 9. logit intervals only for proportions --------------------------------------------------------

def test_logit_interval_for_a_proportion_matches_r():
    r = run("mean", CSV, "--var", "emp", "--ci", "logit", "--level", 0.9, *DESIGN)
    assert r.exit_code == 0, r.output
    from io import StringIO

    row = pd.read_csv(StringIO(r.stdout)).iloc[0]
    want = ref("logit_ci_emp")
    assert row.ci_low == pytest.approx(want.loc["low", "estimate"], rel=1e-9)
    assert row.ci_high == pytest.approx(want.loc["high", "estimate"], rel=1e-9)


def test_logit_is_refused_for_other_variables():
    r = run("mean", CSV, "--var", "y", "--by", "area", "--ci", "logit", *DESIGN)
    assert r.exit_code == 1 and "column 'y'" in r.output and "0/1" in r.output and "--ci t" in r.output
    bad = int(pd.read_csv(CSV)["y"].notna().sum())          # every y is a measurement, none is 0 or 1
    assert f"({bad} rows affected" in r.output
    r = run("gap", CSV, "--var", "emp", "--compare", "g:1,0", "--ci", "logit", *DESIGN)
    assert r.exit_code == 1 and "logit" in r.output and "gap" in r.output
    r = run("total", CSV, "--var", "emp", "--ci", "logit", *DESIGN)
    assert r.exit_code == 1 and "total" in r.output


def test_logit_ratio_above_one_is_flagged_not_given_an_empty_interval():
    # 0/1 numerator and denominator, but the numerator is not inside the denominator: 4/2 = 2
    df = pd.DataFrame({"num": [1, 1, 1, 1], "den": [1, 0, 1, 0]})
    r = ratio(Design(df), "num", "den", ci="logit").iloc[0]
    assert r.estimate == 2.0 and np.isnan(r.ci_low) and "not a proportion" in r.flag


# --- person-schema data as `perthyn synth` writes it: derived columns and expressions ----------------

def test_synth_output_with_derived_columns_and_expressions(tmp_path):
    from io import StringIO

    from perthyn.synth import generate, write

    f = tmp_path / "people.parquet"
    write(generate(3000, design="survey", seed=9), f)
    people = pd.read_parquet(f)
    design = ["--weight", "weight", "--strata", "strata", "--psu", "psu"]
    # by hand: weighted shares among people with an economic activity (16+), migrant = born outside the UK
    people["mig"] = np.where(people.country_of_birth.astype(str) != "GB", "True", "False")
    known = people[people.econ_activity.notna()]
    emp = (known.econ_activity == "employed").astype(float)
    want = (emp * known.weight).groupby(known.mig).sum() / known.weight.groupby(known.mig).sum()
    r = run("mean", f, "--var", "econ_activity == 'employed'", "--by", "migrant", *design)
    assert r.exit_code == 0, r.output
    got = pd.read_csv(StringIO(r.stdout)).astype({"migrant": str}).set_index("migrant")
    for m in ("True", "False"):
        assert got.loc[m, "estimate"] == pytest.approx(want[m], rel=1e-12)
        assert got.loc[m, "n"] == (known.mig == m).sum()
    active = known[known.econ_activity.isin(["employed", "unemployed"])]
    rate = ((active.econ_activity == "unemployed") * active.weight).sum() / active.weight.sum()
    r = run("ratio", f, "--num", "econ_activity == 'unemployed'", "--den",
            "econ_activity in ['employed', 'unemployed']", *design)
    assert r.exit_code == 0, r.output
    assert pd.read_csv(StringIO(r.stdout)).estimate[0] == pytest.approx(rate, rel=1e-12)
    r = run("gap", f, "--var", "overcrowded", "--by", "sex", "--compare", "migrant:true,false", *design)
    assert r.exit_code == 0, r.output
    assert "true - false" in r.stdout
    r = run("mean", f, "--var", "econ_activity == 'employd'", *design)
    assert r.exit_code == 1 and "not a code of column 'econ_activity'" in r.output
