"""The same Ibis expressions on PySpark (local mode) and DuckDB give the same numbers (to 1e-9)."""

import pytest

from perthyn.estimate import Design, ReplicateSpec, gap, mean, ratio
from perthyn.estimate.backends import connect
from perthyn.estimate.io import read

from .frames import assert_same

pytestmark = pytest.mark.spark


def test_spark_equals_duckdb(spark, survey_parquet):
    tables = {"duckdb": read(survey_parquet), "pyspark": read(survey_parquet, con=connect("pyspark", session=spark))}
    out = {}
    for engine, t in tables.items():
        d = Design(t, weight="w", strata="stratum", psu="psu", fpc=None, singleton="adjust")
        r = Design(t, weight="w", replicate=ReplicateSpec([f"jk{i}" for i in range(1, 23)], type="JK1"))
        out[engine] = [
            ratio(d, "unemp", "active", ["area", "sex"]),
            gap(d, "y", ["area"], compare=("g", "1", "0")),
            mean(r, "emp", ["area"], ci="logit"),
        ]
    for a, b in zip(out["duckdb"], out["pyspark"]):
        assert_same(a, b)
    assert out["pyspark"][0].se.notna().sum() >= 8
