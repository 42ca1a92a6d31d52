"""Taylor-linearisation variance as grouped aggregation (R survey's svyrecvar, one stage).

Input: PSU totals per domain of the linearised (influence) values z. Per stratum h with n_h PSUs,
v_h = (1 - f_h) * n_h / (n_h - 1) * sum_j (z_hj - zbar_h)^2, where zbar_h = sum_j z_hj / n_h and the
sum runs over ALL PSUs of the stratum: PSUs without members of the domain have z = 0 and add
(n_h - m_h) * zbar_h^2, so they are never materialised. Singleton strata follow the design's policy:
'adjust' takes the deviation from zero (the grand mean of the centred influence values, as R's
survey.lonely.psu="adjust"), 'average' drops them and scales the sum by #strata / #strata with a
variance (R's "average").
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .design import FPC, H, P, Design


def strata_table(design: Design, psu_all: ir.Table, base: ir.Table) -> ir.Table:
    """One row per stratum: n_h (PSUs in the design) and the variance multiplier f_h."""
    if design.psu:
        # PSUs come from the PSU totals over all rows (domain or not): no extra pass over the data.
        per = psu_all.group_by([H, P]).aggregate(
            **({FPC: psu_all[FPC].max()} if design.fpc else {"_rows": psu_all.count()}))
        aggs = {"n_h": per.count()}
        if design.fpc:
            aggs[FPC] = per[FPC].max()
        st = per.group_by(H).aggregate(**aggs)
    else:
        aggs = {"n_h": base.count()}
        if design.fpc:
            aggs[FPC] = base[FPC].max()
        st = base.group_by(H).aggregate(**aggs)
    n_h = st.n_h.cast("float64")
    if design.fpc:
        f = (1 - st[FPC]) if design.fpc_is_fraction else (st[FPC] - n_h) / st[FPC]
    else:
        f = ibis.literal(1.0)
    f = ibis.ifelse(f < 1e-7, 0.0, f)
    return st.mutate(n_h=n_h, f_h=f)


def rescaled(design: Design) -> bool:
    """Whether variances are rescaled for singleton strata ('average'), which needs to know in which
    strata each domain has rows (the influence table's k columns)."""
    return design.singleton == "average" and bool(design.summary.singleton_strata)


def variance(design: Design, z: ir.Table, strata: ir.Table, by: list[str], groups: int = 1) -> ir.Table:
    """Variance per domain from a PSU-level table `z`: by columns, _h, and for each estimator e its
    influence `z{e}` and (when linearize.rescaled) domain row count `k{e}`. Returns by columns and var{e}."""
    keys = by + [H]
    # One pass. Over the m PSUs of the stratum with rows of the domain, sum_j (z_j - zbar)^2 =
    # m * var_pop(z) + m * (zbar_m - zbar)^2, zbar_m being their mean: every term is non-negative, and
    # var_pop is the engines' own numerically stable (Welford) aggregate, so nothing cancels, and the
    # rows are read once rather than joined back to their stratum means.
    aggs = dict(m=z.count())
    for e in range(groups):
        aggs.update({f"zsum{e}": z[f"z{e}"].sum(), f"vp{e}": z[f"z{e}"].var(how="pop")})
        if rescaled(design):
            aggs[f"present{e}"] = (z[f"k{e}"] > 0).cast("int64").max()
    per = z.group_by(keys).aggregate(**aggs).join(strata, H)
    single = per.n_h == 1
    lonely = single & (per.f_h > 0)
    scale = per.f_h * per.n_h / ibis.ifelse(single, 1.0, per.n_h - 1)
    m = per.m.cast("float64")
    cols = {}
    for e in range(groups):
        zsum = per[f"zsum{e}"]
        zbar, shift = zsum / per.n_h, zsum / m - zsum / per.n_h
        ss = m * per[f"vp{e}"] + m * shift * shift
        centred = scale * (ss + (per.n_h - m) * zbar * zbar)
        if design.singleton == "adjust":
            # a singleton stratum's one PSU, deviating from zero: z^2 = zsum^2
            cols[f"v{e}"] = ibis.ifelse(single, per.f_h * zsum * zsum, centred)
        else:  # 'average' (and 'fail', which only lets fully enumerated singletons through)
            cols[f"v{e}"] = ibis.ifelse(lonely, 0.0, centred)
        if rescaled(design):
            cols[f"ok{e}"] = ibis.ifelse(lonely, 0, per[f"present{e}"])
    per = per.mutate(**cols)
    aggs = {}
    for e in range(groups):
        aggs[f"var{e}"] = per[f"v{e}"].sum()
        if rescaled(design):
            aggs.update({f"in{e}": per[f"present{e}"].sum(), f"okn{e}": per[f"ok{e}"].sum()})
    out = per.group_by(by).aggregate(**aggs) if by else per.aggregate(**aggs)
    if rescaled(design):
        # As R: the sum over strata with a variance, scaled by (#strata the domain is in) / (#of those
        # with a variance); R counts the strata where the domain has rows, since svyby subsets.
        out = out.mutate(**{f"var{e}": out[f"var{e}"] * out[f"in{e}"].cast("float64")
                            / out[f"okn{e}"].nullif(0).cast("float64") for e in range(groups)})
    return out.select(*by, *[f"var{e}" for e in range(groups)])
