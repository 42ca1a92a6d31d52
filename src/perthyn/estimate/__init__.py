"""Design-based estimation compiled to Ibis: DuckDB by default, the same expressions on PySpark.

    from perthyn.estimate import Design, mean, ratio, gap
    d = Design(table, weight="w", strata="stratum", psu="psu")
    mean(d, "employed", by=["area", "migrant_group"])

Each estimator returns a pandas DataFrame with the by columns, then estimate, se, ci_low, ci_high,
df, deff, n, n_weighted and flag (empty when the estimate is fine). `sql(d, "mean", var=..., by=...)`
shows the SQL.
"""

from .design import Design, DesignSummary, ReplicateSpec
from .estimators import Term, gap, many, mean, plan, plan_many, proportion, ratio, sql, total
from .intervals import COLUMNS

__all__ = ["COLUMNS", "Design", "DesignSummary", "ReplicateSpec", "Term", "gap", "many", "mean", "plan",
           "plan_many", "proportion", "ratio", "sql", "total"]
