"""The same derive() expression on PySpark gives the hand-worked answers DuckDB gives."""

import datetime as dt
import importlib.util

import pandas as pd
import pytest

pytestmark = pytest.mark.spark


def test_derive_on_pyspark_matches_hand_values(tmp_path, need):
    need(importlib.util.find_spec("pyspark") is not None, "PySpark")
    import pyspark
    import ibis
    from pyspark.sql import SparkSession

    from perthyn.people import derive

    spark = (SparkSession.builder.master("local[1]").appName("perthyn-people-test")
             .config("spark.ui.enabled", "false").config("spark.sql.warehouse.dir", str(tmp_path)).config("spark.sql.shuffle.partitions", "2").getOrCreate())
    assert pyspark.__version__
    con = ibis.pyspark.connect(spark)
    df = pd.DataFrame({"person_id": list("abcd"), "country_of_birth": ["GB", "POL", "RO", "hr"],
                       "year_of_arrival": [None, 2004, 2006, 2020], "age": [3, 30, 70, 16],
                       "reference_date": [dt.date(2021, 3, 21), dt.date(2021, 3, 21), dt.date(2006, 12, 31),
                                          dt.date(2021, 3, 21)]})
    spark.createDataFrame(df).createOrReplaceTempView("perthyn_people_test")   # a view: nothing written to disk
    t = con.table("perthyn_people_test")
    out = derive(t).order_by("person_id").to_pandas()
    assert out["migrant_group"].tolist() == ["uk", "eu8", "third_country", "eu_other"]
    assert out["residence_band"].tolist() == ["uk_born", "10plus", "lt1", "1to5"]
    assert out["age_group"].tolist() == ["child_0_15", "working_16_64", "pension_65plus", "working_16_64"]
    assert out["migrant"].tolist() == [False, True, True, True]
