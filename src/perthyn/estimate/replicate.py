"""Replicate-weight variance as column arithmetic over per-domain replicate totals (R's svrVar).

The domain totals under every replicate weight come from the same single grouped aggregation as
the full-sample totals; each replicate estimate theta_r is then a column expression, and
v = scale * sum_r rscales_r (theta_r - centre)^2. A replicate whose denominator is zero (the
domain vanished from it) gives no estimate and is left out, as R does with NA replicates.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .design import ReplicateSpec
from .terms import signed_sum


def variance(spec: ReplicateSpec, dom: ir.Table, groups) -> ir.Table:
    reps = range(len(spec.columns))
    rscales = spec.resolved_rscales
    used = [r for r in reps if rscales[r] > 0]
    for e, terms in enumerate(groups):
        thetas = {}
        for r in reps:
            parts = []
            for term in terms:
                y, d = dom[f"ry{term.num}_{r}"], dom[f"rd{term.num}_{r}"]
                parts.append(y if term.den is None else y / d.nullif(0))
            thetas[f"rt{r}"] = signed_sum(terms, parts)
        dom = dom.mutate(**thetas)
        if spec.mse:
            centre = dom[f"estimate{e}"]
        else:
            total = sum((dom[f"rt{r}"].fill_null(0.0) for r in used), ibis.literal(0.0))
            count = sum((dom[f"rt{r}"].notnull().cast("float64") for r in used), ibis.literal(0.0))
            centre = total / count.nullif(0)
        dom = dom.mutate(_centre=centre)
        ss = sum((rscales[r] * ((dom[f"rt{r}"] - dom._centre) ** 2).fill_null(0.0) for r in reps), ibis.literal(0.0))
        dom = dom.mutate(**{f"var{e}": spec.resolved_scale * ss}).drop("_centre", *[f"rt{r}" for r in reps])
    return dom
