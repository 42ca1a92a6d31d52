"""The expression language: what it accepts, what it refuses, and what it computes on DuckDB."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from perthyn.framework import expr


@pytest.fixture(scope="module")
def table(duckdb_table):
    df = pd.DataFrame({
        "age": pd.array([10, 16, 40, 64, 65, None], dtype="Int64"),
        "econ_activity": ["inactive_other", "inactive_student", "employed", "unemployed", "employed", None],
        "overcrowded": pd.array([True, False, None, True, False, False], dtype="boolean"),
        "hourly_pay": [None, 8.0, 12.5, None, 20.0, None],
    })
    return duckdb_table(df)


def run(text, table):
    return table.select(x=expr.to_ibis(text, table)).execute()["x"].tolist()


def test_chained_comparison_and_missing(table):
    # ages 10,16,40,64,65,NULL: 16<=age<=64 is F,T,T,T,F and NULL for the missing age
    got = run("16 <= age <= 64", table)
    assert got[:5] == [False, True, True, True, False] and pd.isna(got[5])
    assert run("is_missing(age)", table) == [False] * 5 + [True]
    assert run("not is_missing(econ_activity)", table) == [True] * 5 + [False]


def test_in_and_not_in(table):
    assert run("econ_activity in ['employed', 'unemployed']", table)[:5] == [False, False, True, True, True]
    assert run("econ_activity not in ['employed']", table)[:5] == [True, True, False, True, False]


def test_boolean_column_and_logic(table):
    got = run("overcrowded or age >= 65", table)
    assert got[0] is True or got[0] == True  # noqa: E712
    assert [bool(v) for v in got[3:5]] == [True, True]
    assert run("overcrowded == false", table)[:2] == [False, True]


def test_arithmetic(table):
    got = run("hourly_pay * 37.5 / 2 - 1", table)
    assert got[2] == pytest.approx(12.5 * 37.5 / 2 - 1)
    assert run("-age + 100 > 50", table)[:3] == [True, True, True]


def test_columns_are_listed():
    assert expr.columns("age >= 16 and econ_activity == 'employed' and not is_missing(contract)") == (
        "age", "contract", "econ_activity")


def test_sql_is_printable(table):
    sql = ibis.to_sql(table.filter(expr.to_ibis("econ_activity in ['employed']", table)))
    assert "IN" in sql.upper() and "econ_activity" in sql


@pytest.mark.parametrize("text, message", [
    ("salary > 10", "unknown column 'salary'"),
    ("econ_activity == 'jobless'", "'jobless' is not a code of column 'econ_activity'"),
    ("general_health in ['good', 'great']", "'great' is not a code of column 'general_health'"),
    ("age == 'old'", "cannot compare number with string"),
    ("econ_activity > 'employed'", "only be compared with == or !="),
    ("age and overcrowded", "is not true/false"),
    ("not age", "'not' needs a true/false value"),
    ("overcrowded + 1", "arithmetic needs numbers"),
    ("age ** 2 > 4", "only + - * / are allowed"),
    ("age in [1, 'two']", "list value 'two' is string"),
    ("age in []", "non-empty list"),
    ("age in [age]", "only literal values"),
    ("age is None", "instead of 'is'"),
    ("__import__('os').system('ls')", "the only function is is_missing"),
    ("open('x')", "the only function is is_missing"),
    ("is_missing(age, sex)", "exactly one person-schema column"),
    ("is_missing('age')", "exactly one person-schema column"),
    ("age.bit_length() > 1", "the only function is is_missing"),
    ("age.real > 1", "not allowed"),
    ("age[0] > 1", "not allowed"),
    ("[x for x in age]", "not allowed"),
    ("lambda: 1", "not allowed"),
    ("age >", "not a valid expression"),
    ("", "empty"),
])
def test_malformed_expressions_are_refused(text, message):
    with pytest.raises(expr.ExprError) as exc:
        expr.parse(text)
    assert message in exc.value.message


def test_error_points_at_the_bad_part():
    with pytest.raises(expr.ExprError) as exc:
        expr.parse("age >= 16 and econ_activity == 'jobless'")
    assert exc.value.offset == len("age >= 16 and econ_activity == ")


def test_to_ibis_names_missing_table_columns(table):
    with pytest.raises(expr.ExprError, match="no column"):
        expr.to_ibis("gp_registered", table)
