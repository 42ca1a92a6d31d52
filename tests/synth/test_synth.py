"""The synthetic population reproduces the real Census 2021 LA margins within sampling error.

Targets are read straight from the raw ONS CSVs here (not through the generator's own margin
reader), and the sampling error of each weighted share is computed in the test by Taylor
linearisation over PSUs within strata (the textbook with-replacement formula).
"""

from importlib import resources

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from perthyn.synth import generate
from perthyn.synth.cli import synth

REF = "/work/shared/data/reference/census"
AGE_EDGES = [-1, 14, 24, 34, 44, 54, 64, 74, 200]


@pytest.fixture(scope="module")
def survey():
    df = generate(400_000, design="survey", seed=11).table.to_pandas()
    df["born_abroad"] = df["country_of_birth"].astype(str) != "GB"
    return df


def census_pct(file, code):
    t = pd.read_csv(f"{REF}/ons_census2021_dotdensity/{file}").set_index("areacd")
    return t[[c for c in t.columns if c.endswith(tuple(code))]].sum(axis=1) / 100


def summary():
    return pd.read_csv(f"{REF}/wales_la/wales_la_census2021_migration_summary.csv").set_index("Local authority code")


def share_and_se(df, indicator, universe=None):
    """Weighted share per area with a linearised SE (strata = area, PSUs within)."""
    d = df if universe is None else df[universe]
    y = indicator[d.index].astype(float)
    w = d["weight"]
    tot = w.groupby(d["area_code"], observed=True).sum()
    est = (w * y).groupby(d["area_code"], observed=True).sum() / tot
    z = w * (y - est.reindex(d["area_code"]).to_numpy())
    zp = z.groupby([d["area_code"], d["psu"]], observed=True).sum()
    g = zp.groupby(level=0, observed=True)
    var = g.apply(lambda s: len(s) / (len(s) - 1) * ((s - s.mean()) ** 2).sum()) / tot ** 2
    return est, np.sqrt(var)


def check(est, se, target, label):
    target = target.reindex(est.index)
    bad = (est - target).abs() > 4.5 * se + 0.0006   # census percentages are rounded to 0.1
    assert not bad.any(), f"{label}: {pd.DataFrame({'synthetic': est, 'census': target, 'se': se})[bad]}"


def test_twenty_two_areas_and_design(survey):
    assert survey["area_code"].nunique() == 22 and survey["synthetic"].all()
    assert (survey["weight"] > 0).all()
    nested = survey.groupby("psu", observed=True)["strata"].nunique()
    assert (nested == 1).all()
    quiz = pd.read_csv(f"{REF}/ons_census2021_quiz/census-quiz-data-2021-v9_wales.csv").set_index("code")
    pop = quiz["population_total"]
    total = survey.groupby("area_code", observed=True)["weight"].sum()
    assert np.allclose(total, pop.reindex(total.index), rtol=1e-9)
    assert survey["weight"].std() > 0.2 * survey["weight"].mean()   # unequal weights


def test_born_abroad_and_residence_length(survey):
    s = summary()
    est, se = share_and_se(survey, survey["born_abroad"])
    check(est, se, s["Born outside the UK"] / s["Total"], "born abroad")
    years = 2021 - survey["year_of_arrival"]
    for col, mask in {"rl_10plus": years >= 10, "rl_5to10": (years >= 5) & (years < 10),
                      "rl_2to5": (years >= 2) & (years < 5), "rl_lt2": years < 2}.items():
        est, se = share_and_se(survey, mask & survey["born_abroad"])
        check(est, se, s[col] / 100, col)


def test_passports_and_english(survey):
    s = summary()
    for col, codes in {"pp_uk": ["uk"], "pp_none": ["none"], "pp_nonuk": ["irish", "eu", "other"]}.items():
        est, se = share_and_se(survey, survey["passport"].isin(codes))
        check(est, se, s[col] / 100, col)
    main = survey["english_proficiency"] == "main_language"
    est, se = share_and_se(survey, main)
    check(est, se, s["ep_main_eng"] / 100, "english main")
    est, se = share_and_se(survey, survey["english_proficiency"].isin(["not_well", "not_at_all"]))
    check(est, se, s["ep_not_well"] / 100, "english poor")


def test_economic_activity_health_tenure_overcrowding_qualifications(survey):
    adult = survey["age"] >= 16
    econ = survey["econ_activity"].astype(str)
    for code, cats in {"001": ["employed"], "002": ["unemployed"]}.items():
        est, se = share_and_se(survey, econ.isin(cats), adult)
        check(est, se, census_pct("lad_ew_economic_activity_status_4a.csv", [code]), f"econ {cats}")
    est, se = share_and_se(survey, survey["general_health"].isin(["bad", "very_bad"]))
    check(est, se, census_pct("lad_ew_health_in_general_4a.csv", ["003"]), "bad health")
    est, se = share_and_se(survey, survey["tenure"] == "social_rented")
    check(est, se, census_pct("lad_ew_hh_tenure_5a.csv", ["002"]), "social rented")
    est, se = share_and_se(survey, survey["overcrowded"])
    check(est, se, census_pct("lad_ew_occupancy_rating_bedrooms_6a.csv", ["004", "005"]), "overcrowded")
    q = survey["highest_qualification"].astype(str)
    est, se = share_and_se(survey, q == "level4_plus", adult)
    check(est, se, census_pct("lad_ew_highest_qualification_6a.csv", ["003"]), "level 4+")
    est, se = share_and_se(survey, q == "none", adult)
    check(est, se, census_pct("lad_ew_highest_qualification_6a.csv", ["000"]), "no qualifications")


def test_age_bands_and_sex(survey):
    quiz = pd.read_csv(f"{REF}/ons_census2021_quiz/census-quiz-data-2021-v9_wales.csv").set_index("code")
    band = pd.cut(survey["age"], AGE_EDGES, labels=False)
    for i, name in enumerate(["0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75plus"]):
        est, se = share_and_se(survey, band == i)
        check(est, se, quiz[f"age_{name}_perc"] / 100, f"age {name}")
    est, se = share_and_se(survey, survey["sex"] == "female")
    check(est, se, quiz["sex_female_perc"] / 100, "female")


def test_codes_are_in_the_person_schema_and_arrival_is_consistent(survey):
    schema = yaml.safe_load(resources.files("perthyn.definitions").joinpath("person_schema.yaml").read_text())
    for col, spec in schema["columns"].items():
        if "codes" in spec and col in survey:
            values = set(survey[col].dropna().astype(str))
            assert values <= set(spec["codes"]), (col, values - set(spec["codes"]))
    abroad = survey[survey["born_abroad"]]
    assert abroad["year_of_arrival"].notna().all() and survey.loc[~survey["born_abroad"], "year_of_arrival"].isna().all()
    assert (2021 - abroad["year_of_arrival"] <= abroad["age"]).all()
    assert survey.loc[survey["age"] < 16, "econ_activity"].isna().all()


def test_census_design_and_cli_write_marked_files(tmp_path):
    out = tmp_path / "syn.parquet"
    result = CliRunner().invoke(synth, ["--rows", "5000", "--design", "census", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.schema.metadata[b"perthyn.synthetic"] == b"true"
    df = table.to_pandas()
    assert "psu" not in df and "strata" not in df and df["synthetic"].all()
    assert df["weight"].max() / df["weight"].min() < 1.01
    again = generate(5000, design="census", seed=3).table.to_pandas()
    pd.testing.assert_frame_equal(df, again, check_dtype=False, check_categorical=False)
    csv = tmp_path / "syn.csv"
    assert CliRunner().invoke(synth, ["--rows", "100", "--out", str(csv)]).exit_code == 0
    assert pd.read_csv(csv)["synthetic"].all()
