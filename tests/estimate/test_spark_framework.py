"""Framework indicators compiled from their definitions (perthyn.framework.expr.to_ibis) run on PySpark
(local mode) and DuckDB through the same estimators and give the same estimates and SEs (to 1e-9)."""

import pytest

from perthyn.estimate import Design, Term, gap, many
from perthyn.estimate.backends import connect
from perthyn.estimate.io import read
from perthyn.framework import load
from perthyn.framework.expr import to_ibis
from perthyn.people import derive

from .frames import assert_same

pytestmark = pytest.mark.spark

INDICATORS = ["employment_rate", "overcrowding", "english_proficiency"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from perthyn.synth import generate, write

    path = tmp_path_factory.mktemp("spark_fw") / "people.parquet"
    write(generate(3000, design="survey", seed=11), path)
    return path


def estimates(table):
    people = derive(table, bands="census")
    fw = load()
    terms, universes, conditions = {}, {}, {}
    for ind_id in INDICATORS:
        c = fw.indicator(ind_id).compute
        universe = to_ibis(c.universe, people).fill_null(False)
        condition = to_ibis(c.condition, people).cast("float64")
        terms[ind_id] = Term(1.0, condition, 1.0, universe)
        universes[ind_id], conditions[ind_id] = universe, condition
    d = Design(people, weight="weight", strata="strata", psu="psu")
    by_status = many(d, terms, by=["migrant"])
    gaps = [gap(d, conditions[i], by=["sex"], compare=("migrant", True, False), where=universes[i]) for i in INDICATORS]
    return [by_status, *gaps]


def test_framework_indicators_on_spark_equal_duckdb(spark, synthetic):
    duck = estimates(read(synthetic))
    sprk = estimates(read(synthetic, con=connect("pyspark", session=spark)))
    for a, b in zip(duck, sprk):
        assert_same(a, b)
    by_status = duck[0]
    assert set(by_status.variable) == set(INDICATORS) and len(by_status) == 2 * len(INDICATORS)
    # real variances, not empty ones (UK-born people all speak English well in the synthetic data: se 0 there)
    assert by_status.se.notna().all() and (by_status.se > 0).sum() >= 5
    assert all(g.se.notna().all() for g in duck[1:])


def test_the_whole_framework_run_on_spark_equals_duckdb(spark, synthetic):
    """`perthyn estimate framework` end to end (validation, derivation, every grouping, gaps, the gate)
    on PySpark gives the rows DuckDB gives: the same cells, estimates, SEs, intervals and suppression."""
    from perthyn.estimate.framework_run import run_framework

    wanted = ["employment_rate", "overcrowding"]
    duck = run_framework(synthetic, indicators=wanted, validate_ids=False)
    sprk = run_framework(synthetic, indicators=wanted, validate_ids=False, con=connect("pyspark", session=spark))
    a, b = duck.estimates, sprk.estimates
    keys = ["indicator_id", "grouping", "measure", "migrant", "migrant_group", "residence_band", "age_group", "sex",
            "area_code"]
    a, b = (t.sort_values(keys, kind="stable").reset_index(drop=True) for t in (a, b))
    assert_same(a, b)
    assert set(a.grouping) == {"overall", "migrant_group", "residence_band", "age_group", "sex", "area_code",
                               "area_code+migrant_group"}
    shown = a[~a.suppressed]
    assert len(shown) > 20 and shown.se.notna().all() and (shown.se > 0).any()
    assert duck.manifest["suppressed"] == sprk.manifest["suppressed"]
    assert duck.manifest["left_out"] == sprk.manifest["left_out"]


def test_the_command_runs_the_framework_on_the_engine_asked_for(spark, synthetic, tmp_path, monkeypatch):
    """`perthyn estimate framework --engine pyspark` hands the run a Spark connection (the default is DuckDB)."""
    from click.testing import CliRunner

    from perthyn.cli import main
    from perthyn.estimate import framework_run

    seen = []
    real = framework_run.run_framework

    def spy(*args, con=None, **kwargs):
        seen.append(con.name if con is not None else "duckdb")
        return real(*args, con=con, **kwargs)

    monkeypatch.setattr(framework_run, "run_framework", spy)
    for engine in ("pyspark", "duckdb"):
        r = CliRunner().invoke(main, ["estimate", "framework", str(synthetic), "--engine", engine,
                                      "--indicator", "overcrowding", "--out", str(tmp_path / engine)])
        assert r.exit_code == 0, r.output
        assert (tmp_path / engine / "estimates.csv").exists()
    assert seen == ["pyspark", "duckdb"]
