"""Engines that run the compiled estimates: DuckDB in-process by default, PySpark for scale-out.

The estimators only build Ibis expressions; which backend executes them is decided by the table the
design is built on. Point PySpark at a cluster with PERTHYN_SPARK_MASTER (e.g. spark://host:7077,
yarn, k8s://...) or pass your own SparkSession to connect("pyspark", session=...).
"""

from __future__ import annotations

import os

import ibis

ENGINES = ("duckdb", "pyspark")


def connect(engine: str = "duckdb", *, session=None, **kwargs):
    if engine == "duckdb":
        return ibis.duckdb.connect(**kwargs)
    if engine == "pyspark":
        if session is None:
            session = spark_session()
        return ibis.pyspark.connect(session)
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def spark_session(master: str | None = None, app: str = "perthyn-estimate"):
    """A SparkSession: the cluster named by PERTHYN_SPARK_MASTER, else local mode on this machine."""
    from pyspark.sql import SparkSession

    master = master or os.environ.get("PERTHYN_SPARK_MASTER", "local[*]")
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.showConsoleProgress", "false"))
    if master.startswith("local"):
        # One machine: a few shuffle partitions, not the cluster default of 200.
        builder = builder.config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
    return builder.getOrCreate()
