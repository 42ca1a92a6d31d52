"""Every indicator's compute expressions compile to Ibis and run on DuckDB over person-schema columns;
a few are checked against values worked out by hand on a six-person table."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from perthyn import framework
from perthyn.framework import expr

PANDAS_TYPES = {"boolean": "boolean", "number": "Float64", "string": "string", "date": "datetime64[ns]"}

# Six hand-made people. Only the columns the checked indicators read are filled; the rest are empty.
PEOPLE = {
    "age":                 [30, 45, 70, 10, 20, 64],
    "econ_activity":       ["employed", "unemployed", "inactive_retired", None, "inactive_student", "employed"],
    "general_health":      ["very_good", "good", "fair", "good", "bad", None],
    "mental_wellbeing":    [50, 40, 60, None, 44, 30],
    "income_poverty":      [False, True, False, True, None, False],
    "age_group":           ["working_16_64", "working_16_64", "pension_65plus", "child_0_15", "working_16_64",
                            "working_16_64"],
    "tenure":              ["private_rented", "owned", "owned", "social_rented", None, "private_rented"],
    "english_proficiency": ["main_language", "well", "not_well", None, "very_well", "not_at_all"],
}


@pytest.fixture(scope="module")
def people(duckdb_table):
    schema = expr.person_schema()
    data = {}
    for name, col in schema.columns.items():
        values = PEOPLE.get(name, [None] * 6)
        data[name] = pd.Series(values, dtype=PANDAS_TYPES[col.type])
    return duckdb_table(pd.DataFrame(data))


def estimate(ind, t, by=()):
    """Unweighted estimate, written out here independently of any estimation code."""
    c = ind.compute
    sub = t.filter(expr.to_ibis(c.universe, t))
    if c.kind == "proportion":
        value = expr.to_ibis(c.condition, sub).cast("float64").mean()
    elif c.kind == "mean":
        value = expr.to_ibis(c.variable, sub).cast("float64").mean()
    else:
        value = expr.to_ibis(c.numerator, sub).cast("float64").sum() / expr.to_ibis(c.denominator, sub).cast(
            "float64").sum()
    if by:
        return sub.group_by(list(by)).aggregate(value=value).execute()
    return sub.aggregate(value=value).execute()["value"].iloc[0]


def test_every_compute_expression_runs_on_duckdb(people):
    fw = framework.load()
    computable = [i for i in fw.indicators if i.compute is not None]
    assert len(computable) >= 30
    for ind in computable:
        for text in ind.compute.expressions().values():
            expr.to_ibis(text, people)  # compiles
        estimate(ind, people, ind.compute.by)  # and runs


@pytest.mark.parametrize("iid, expected", [
    ("employment_rate", 2 / 4),        # aged 16-64 with activity known: rows 1,2,5,6; employed: 1 and 6
    ("good_health", 3 / 5),            # health known: rows 1-5; very good or good: 1, 2, 4
    ("mental_wellbeing", 224 / 5),     # 16+ with a score: 50+40+60+44+30
    ("private_renting", 2 / 5),        # tenure known: 1,2,3,4,6; private: 1 and 6
    ("english_proficiency", 3 / 5),    # 3+ and known: 1,2,3,5,6; main/very well/well: 1, 2, 5
    ("education_employment_training", 1.0),  # aged 16-24: row 5, a student
    ("child_poverty", 1.0),            # row 4
])
def test_hand_checked_values(people, iid, expected):
    assert estimate(framework.load().indicator(iid), people) == pytest.approx(expected)


def test_income_poverty_by_age_group(people):
    ind = framework.load().indicator("income_poverty")
    got = estimate(ind, people, ind.compute.by).set_index("age_group")["value"].to_dict()
    # poverty known for rows 1,2,3,4,6: working age rows 1,2,6 -> 1 of 3; pension row 3 -> 0; child row 4 -> 1
    assert got == pytest.approx({"working_16_64": 1 / 3, "pension_65plus": 0.0, "child_0_15": 1.0})
