"""The framework run says what it left out and what it hid, and why; --show-sql prints without
computing; bad rows are named with the file and example row numbers. Expected values are counted
here with pyarrow/pandas from the files, or worked out by hand."""

import json

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from scipy.special import expit, logit, stdtrit

from perthyn.cli import main
from perthyn.disclosure import DisclosurePolicy
from perthyn.errors import InputErrors
from perthyn.estimate.framework_run import run_framework
from perthyn.estimate.mapping import apply_mapping, load_mapping

OPEN = DisclosurePolicy(threshold=1, secondary=False)


def framework(*args):
    return CliRunner().invoke(main, ["estimate", "framework", *map(str, args)])


def with_column(path, out, name, values):
    t = pq.read_table(path)
    t = t.set_column(t.schema.get_field_index(name), name, values)
    pq.write_table(t, out)
    return out


@pytest.fixture(scope="module")
def no_arrival(survey_file, tmp_path_factory):
    """The synthetic survey with the year of arrival removed for 40 migrants."""
    t = pq.read_table(survey_file)
    cob = np.asarray(t.column("country_of_birth").cast(pa.string()).to_pylist(), dtype=object)
    gone = np.zeros(len(t), bool)
    gone[np.flatnonzero(cob != "GB")[:40]] = True
    yoa = t.column("year_of_arrival").combine_chunks()
    new = pc.if_else(pa.array(gone), pa.scalar(None, yoa.type), yoa)
    return with_column(survey_file, tmp_path_factory.mktemp("gaps") / "no_arrival.parquet", "year_of_arrival", new)


def test_rows_without_a_residence_band_are_counted_not_dropped_silently(no_arrival, tmp_path):
    t = pq.read_table(no_arrival).to_pandas()
    migrant = t.country_of_birth.astype(str) != "GB"
    missing = int((migrant & t.year_of_arrival.isna()).sum())
    assert missing >= 40
    res = run_framework(no_arrival, policy=OPEN, indicators=["overcrowding"])
    left = res.manifest["left_out"]
    assert left["groupings"]["residence_band"] == missing
    assert left["groupings"]["sex"] == 0 and left["migrant_unknown"] == 0
    # and the numbers agree: migrants in the residence bands + those left out = all migrants
    est = res.estimates
    e = est[(est.measure == "estimate") & (est.migrant == "true")]
    in_bands = e[e.grouping == "residence_band"].n.sum()
    overall = e[e.grouping == "overall"].n.iloc[0]
    assert overall == int((migrant & t.overcrowded.notna()).sum())
    assert in_bands + missing == overall
    r = framework(no_arrival, "--indicator", "overcrowding", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert f"residence_band {missing}" in flat and "year of arrival" in flat
    assert json.loads((tmp_path / "manifest.json").read_text())["left_out"]["groupings"]["residence_band"] == missing


def test_suppression_counts_per_reason_add_up(survey_file):
    res = run_framework(survey_file, indicators=["overcrowding", "employment_rate"])
    est, sup = res.estimates, res.manifest["suppressed"]
    hidden = est[est.suppressed]
    reason = hidden.suppression_reason
    estimates = hidden.measure == "estimate"
    assert sup["primary"] == int((estimates & reason.str.contains("below the threshold")).sum())
    assert sup["secondary"] == int((estimates & reason.str.startswith("hidden so that")).sum())
    assert sup["gap_side_hidden"] == int((~estimates & reason.str.startswith("hidden because one of the two")).sum())
    assert sup["gap_side_hidden"] > 0 and sup["primary"] > 0
    parts = sup["primary"] + sup["secondary"] + sup["gap_side_hidden"] + sup["gap_side_below_threshold"]
    assert parts == sup["rows"] == len(hidden)


def test_show_sql_prints_each_indicator_and_the_aggregation_without_computing(survey_file, tmp_path):
    out = tmp_path / "never"
    r = framework(survey_file, "--indicator", "employment_rate", "--indicator", "good_health", "--show-sql",
                  "--out", out)
    assert r.exit_code == 0, r.output
    text = r.output
    assert not out.exists()                                 # nothing computed, nothing written
    # each indicator's own expression, compiled
    assert "-- employment_rate (proportion)" in text and "'employed'" in text and "64" in text
    assert "-- good_health (proportion)" in text and "'very_good'" in text
    assert text.count('FROM "people"') >= 3                   # two indicators and the staging query
    # the one scan to the finest cells, then each grouping rolled up from them, split by migrant status
    assert 'SUM("t0"."_w" * "t0"."y0") AS "wy0"' in text and 'FROM "staged"' in text
    assert text.count("-- 5. grouping ") == 7
    assert 'SUM(CASE WHEN COALESCE("t0"."migrant", FALSE) THEN "t0"."wy0" ELSE 0.0 END) AS "wyx0"' in text
    # the row-level SQL is real DuckDB SQL: run indicator 0's select on a small people table by hand
    import duckdb

    block = text.split("-- employment_rate (proportion)")[1].split(";\n")[0].split("\n", 1)[1]
    con = duckdb.connect()
    con.execute("CREATE TABLE people AS SELECT * FROM (VALUES (30, 'employed'), (40, 'unemployed'), (70, 'employed'),"
                " (20, NULL)) AS t(age, econ_activity)")
    got = con.execute(block).fetchall()
    # by hand: 30 employed (in, 1), 40 unemployed (in, 0), 70 (out of 16-64), 20 missing (out)
    assert [tuple(map(float, row)) for row in got] == [(1, 1, 1), (1, 0, 1), (0, 0, 0), (0, 0, 0)]


def test_unknown_country_names_the_file_and_example_rows(survey_file, tmp_path):
    t = pq.read_table(survey_file)
    cob = t.column("country_of_birth").cast(pa.string()).to_pylist()
    cob[2] = cob[7] = "ZZ"                                   # rows 3 and 8, counting from 1
    bad = with_column(survey_file, tmp_path / "zz.parquet", "country_of_birth", pa.array(cob))
    r = framework(bad, "--out", tmp_path / "out")
    assert r.exit_code == 1
    assert str(bad) in r.output and "'ZZ' (2 rows)" in r.output and "rows 3, 8" in r.output


def test_a_non_number_age_in_a_mapped_file_says_whole_number():
    df = pd.DataFrame({"CASENO": [11, 12, 13], "UALADGB": ["W06000015"] * 3, "PWTA22": [250.0, 310.5, 120.0],
                       "AGE": ["34", "thirty", "70"], "SEX": [1, 2, 2], "CRY12": [924, 616, 356],
                       "NATOX7": [926, 616, -9], "CAMEYR": [-8, 2010, 1990], "ILODEFR": [2, 4, 3],
                       "HIQUL22D": [1, -8, 6]})
    with pytest.raises(InputErrors) as err:
        apply_mapping(load_mapping("aps"), ibis.memtable(df), file="aps.csv")
    (p,) = err.value.problems
    assert p.column == "AGE" and p.rows == (2,) and p.count == 1 and p.file == "aps.csv"
    assert "must be a whole number" in p.message and "'thirty'" in p.message
    assert "codes" not in p.fix
    df.loc[1, "AGE"] = "34.5"                                # not rounded silently either
    with pytest.raises(InputErrors, match="whole number"):
        apply_mapping(load_mapping("aps"), ibis.memtable(df))


def test_logit_run_gives_logit_intervals_to_proportions_and_t_to_gaps(survey_file):
    est = run_framework(survey_file, policy=OPEN, indicators=["overcrowding"], ci="logit").estimates
    ok = est[est.se.notna() & (est.se > 0)]
    df = ok.df.iloc[0]
    q = stdtrit(df, 0.975)
    gaps = ok[ok.measure == "gap"]
    assert len(gaps) > 5
    np.testing.assert_allclose(gaps.ci_low, gaps.estimate - q * gaps.se, rtol=1e-9)
    np.testing.assert_allclose(gaps.ci_high, gaps.estimate + q * gaps.se, rtol=1e-9)
    props = ok[ok.measure == "estimate"]
    half = q * props.se / (props.estimate * (1 - props.estimate))
    np.testing.assert_allclose(props.ci_low, expit(logit(props.estimate) - half), rtol=1e-9)
    np.testing.assert_allclose(props.ci_high, expit(logit(props.estimate) + half), rtol=1e-9)
