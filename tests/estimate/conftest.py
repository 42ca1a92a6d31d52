import importlib.util
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def survey() -> pd.DataFrame:
    """The committed survey that make_reference.R was run on."""
    return pd.read_csv(DATA / "survey.csv")


@pytest.fixture(scope="session")
def survey_parquet(survey, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("estimate") / "survey.parquet"
    survey.to_parquet(path, index=False)
    return path


@pytest.fixture(scope="session")
def spark(need):
    """One local Spark session for the whole run (start-up is slow)."""
    need(importlib.util.find_spec("pyspark") is not None, "PySpark")
    from perthyn.estimate.backends import spark_session

    session = spark_session("local[1]")
    yield session
    session.stop()
