"""Two routes to the same answer: random expressions compiled to DuckDB agree with Python evaluating them
row by row (on data without missing values, where SQL and Python logic coincide)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perthyn.framework import expr

ROWS = pd.DataFrame({
    "age": [0, 15, 16, 40, 64, 65, 90],
    "hourly_pay": [0.0, 5.5, 9.25, 12.0, 30.0, 11.0, 7.5],
    "econ_activity": ["inactive_other", "inactive_student", "employed", "unemployed", "employed",
                      "inactive_retired", "inactive_other"],
    "overcrowded": [True, False, True, False, False, True, False],
})
CODES = ["employed", "unemployed", "inactive_student", "inactive_retired", "inactive_other"]

numbers = st.recursive(
    st.sampled_from(["age", "hourly_pay"]) | st.integers(-5, 100).map(str),
    lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    max_leaves=4,
)
atoms = st.one_of(
    st.tuples(numbers, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers).map(" ".join),
    st.tuples(st.sampled_from(["==", "!="]), st.sampled_from(CODES)).map(lambda t: f"econ_activity {t[0]} '{t[1]}'"),
    st.lists(st.sampled_from(CODES), min_size=1, max_size=3).map(lambda c: f"econ_activity in {c!r}"),
    st.just("overcrowded"),
    st.just("is_missing(age)"),
)
booleans = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"not ({e})"),
    ),
    max_leaves=5,
)


@pytest.fixture(scope="module")
def table(duckdb_table):
    return duckdb_table(ROWS)


def python_value(text: str, row: dict) -> bool:
    # The test's own route: Python evaluates the (whitelisted, already parsed) text with row values.
    env = dict(row, is_missing=lambda v: v is None, true=True, false=False)
    return bool(eval(text, {"__builtins__": {}}, env))  # noqa: S307 - test oracle on generated input


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=booleans)
def test_duckdb_agrees_with_python(table, text):
    expr.parse(text)  # every generated expression is valid
    got = table.select(x=expr.to_ibis(text, table)).execute()["x"].astype(bool).tolist()
    expected = [python_value(text, row) for row in ROWS.to_dict("records")]
    assert got == expected, text
