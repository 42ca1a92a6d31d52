"""Estimators compiled to Ibis: mean/proportion, total, ratio and the gap between two domains.

Every estimator is a signed sum of ratio terms theta_c = A_c / B_c (or a total A_c), where
A_c = sum w*num and B_c = sum w*den over the rows of term c inside a domain. A domain is a mask,
never a filter: rows outside it (or with a missing value) carry zero, so the design's strata and
PSUs are untouched. The influence of a PSU is sum_c sign_c (A_c,j - theta_c B_c,j) / B_c, which is
what R survey's svymean/svyratio/svycontrast linearise to. The whole plan is one Ibis expression:
PSU totals -> domain totals -> PSU influence -> per-stratum deviations -> domain variance.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from perthyn.errors import Collector, InputErrors, Problem

from . import linearize, replicate
from .design import FPC, H, P, W, Design, _examples, available, type_problems
from .intervals import finish
from .terms import Term, numeric, signed_sum, value


def _check_columns(design: Design, names: Sequence[str], what: str, numeric: bool = False):
    c = Collector(file=design.source)
    for n in names:
        if isinstance(n, str) and n not in design.table.columns:
            c.add(f"{what}: column not found in the data", column=n,
                  fix=f"choose one of: {available(design.table)}")
    if numeric:
        type_problems(c, design.table, [(n, f"the {what}", True) for n in dict.fromkeys(names) if isinstance(n, str)])
    c.raise_if_any("The estimate does not fit the data")


def plan(design: Design, terms: Sequence[Term], by: Sequence[str] = ()) -> ir.Table:
    """The Ibis expression computing, per domain, the estimate, its variance and the counts."""
    wide = plan_many(design, [terms], by)
    names = {f"{k}0": k for k in ("estimate", "var", "n", "n_weighted", "npsu", "sse", "dsum")}
    names.update({f"n0_{c}": f"n{c}" for c in range(len(terms))})
    return wide.select(*by, **{new: wide[old] for old, new in names.items() if old in wide.columns})


def plan_many(design: Design, groups: Sequence[Sequence[Term]], by: Sequence[str] = ()) -> ir.Table:
    """Several estimators in one pass over the data: wide output, columns suffixed by group index e.

    Per group e: estimate{e}, var{e}, n{e}, n_weighted{e}, npsu{e}, and sse{e}/dsum{e} (one-term
    groups, for the design effect) or n{e}_{c} (per-term counts, for gaps).
    """
    by = list(by)
    _check_columns(design, by, "--by")
    _check_columns(design, [x for g in groups for t in g for x in (t.num, t.den) if isinstance(x, str)],
                   "variable", numeric=True)
    base = design.base
    cols = {}
    comps = []
    for e, terms in enumerate(groups):
        row = []
        for c, term in enumerate(terms):
            s = f"{e}_{c}"
            num = numeric(value(base, term.num))
            den = None if term.den is None or isinstance(term.den, (int, float)) else numeric(value(base, term.den))
            inside = num.notnull()
            if den is not None:
                inside &= den.notnull()
            if term.mask is not None:
                inside &= value(base, term.mask).fill_null(False)
            y = ibis.ifelse(inside, num, 0.0)
            d = ibis.ifelse(inside, den, 0.0) if den is not None else inside.cast("float64") * float(term.den or 1.0)
            cols.update(component_sums(s, base[W], y, d, inside, design, squares=len(terms) == 1))
            row.append(Term(term.sign, s, term.den))
        comps.append(row)
    rows = base.mutate(**cols)
    sums = list(cols)
    keep = [*by, H, *([P] if design.psu else []), *([FPC] if design.fpc else [])]
    if design.replicate:
        return from_sums(design, rows.select(*keep, *sums), comps, by)
    # PSU totals (each row is its own PSU when the design has none).
    if design.psu:
        aggs = {k: rows[k].sum() for k in sums}
        if design.fpc:
            aggs[FPC] = rows[FPC].max()
        psu_all = rows.group_by(by + [H, P]).aggregate(**aggs)
    else:
        psu_all = rows.select(*keep, *sums)
    strata = linearize.strata_table(design, psu_all, rows)
    return from_sums(design, psu_all, comps, by, strata=strata)


def component_sums(s: str, w, y, d, inside, design: Design, squares: bool = True) -> dict:
    """The per-row values a component s sums (at PSU, domain or any coarser level): w*y, w*d, the row
    count and weighted count, the squares for the design effect and the replicate-weighted w_r*y, w_r*d."""
    cols = {f"wy{s}": w * y, f"wd{s}": w * d, f"k{s}": inside.cast("int64"), f"wk{s}": ibis.ifelse(inside, w, 0.0)}
    if squares:
        cols.update({f"wyy{s}": w * y * y, f"wyd{s}": w * y * d, f"wdd{s}": w * d * d})
    if design.replicate:
        for r, rc in enumerate(design.replicate.columns):
            wr = design.base[rc].cast("float64")
            cols[f"ry{s}_{r}"] = wr * y
            cols[f"rd{s}_{r}"] = wr * d
    return cols


def from_sums(design: Design, sums: ir.Table, groups: Sequence[Sequence[Term]], by: Sequence[str] = (),
              strata: ir.Table | None = None, aliases: Mapping | None = None, complete: bool = False,
              domain: ir.Table | None = None, present: Mapping[str, str] | None = None) -> ir.Table:
    """Estimates and variances from component totals: the one variance path of the engine.

    `sums` holds the `by` columns, then (Taylor designs) _h and _p (or one row per data row when
    the design has no PSUs), and for each component s the columns of component_sums() summed over
    the rows of that PSU, e.g. a table the framework run aggregated once for many groupings. Each
    term of `groups` names its component in `num` (den None: a total).
    `strata` (linearize.strata_table) is required for Taylor designs: it must count every PSU.
    `aliases` maps further column names to linear functions of the table's columns giving them (e.g.
    w*d as the weighted count when the denominator is 1, or everyone as migrants + the rest): they
    are computed where used, on the PSU rows or on the domain totals, never stored, so a large sums
    table is read as it is. `complete=True` says no `by` value is missing, so the table is not
    filtered (and a stored table stays a plain scan).
    `domain` holds, per `by` value, totals that the variance does not need PSU by PSU (the counts k
    and the design-effect sums), so `sums` can leave them out; then `present` names, per component,
    the PSU-level column (or alias) that is positive exactly where the domain has rows (e.g. the
    weighted count, weights being positive), in place of k.
    """
    by = list(by)
    aliases = dict(aliases or {})
    present = dict(present or {})
    notnull = None
    for b in by:
        notnull = sums[b].notnull() if notnull is None else notnull & sums[b].notnull()
    psu = sums.filter(notnull) if by and not complete else sums

    def col(t, name):
        return t[name] if name in t.columns else aliases[name](t)

    def marker(t, s):
        return col(t, present.get(s, f"k{s}"))

    names = [c for c in sums.columns if c not in (*by, H, P, FPC)]
    comps = list(dict.fromkeys(t.num for g in groups for t in g))
    daggs = {k: psu[k].sum() for k in names}
    if not design.replicate:
        for s in comps:
            daggs[f"npsu_{s}"] = (marker(psu, s) > 0).cast("int64").sum()
    dom = psu.group_by(by).aggregate(**daggs) if by else psu.aggregate(**daggs)
    if domain is not None:
        extra = [c for c in domain.columns if c not in by and c not in dom.columns]
        dom = dom.join(domain.select(*by, *extra), by) if by else dom.cross_join(domain.select(*extra))
    # the aliases are linear, so on the domain totals they give the totals of the PSU-level aliases
    dom = dom.mutate(**{a: f(dom) for a, f in aliases.items() if a not in dom.columns})
    dom = _thetas(dom, groups)
    if design.replicate:
        # Replicate variances need no PSU count.
        dom = dom.mutate(**{f"npsu{e}": ibis.literal(2, "int64") for e in range(len(groups))})
        out = replicate.variance(design.replicate, dom, groups)
        return _select(out, by, groups)

    # Ratio-type terms have no variance from a single PSU (their influence is then zero there);
    # totals do, so they never limit the count.
    counts = {}
    for e, terms in enumerate(groups):
        ratios = [t.num for t in terms if t.den is not None]
        npsu = ibis.literal(2, "int64")
        if ratios:
            npsu = dom[f"npsu_{ratios[0]}"]
            for s in ratios[1:]:
                npsu = ibis.least(npsu, dom[f"npsu_{s}"])
        counts[f"npsu{e}"] = npsu
    dom = dom.mutate(**counts)

    # Influence per PSU, then the variance per domain.
    carry = {}
    for e, terms in enumerate(groups):
        for c, term in enumerate(terms):
            carry[f"theta{e}_{c}"] = dom[f"theta{e}_{c}"]
            carry[f"tb{e}_{c}"] = dom[f"wd{term.num}"]
    right = dom.select(*by, **carry)
    joined = psu.join(right, by) if by else psu.cross_join(right)
    zs = {}
    for e, terms in enumerate(groups):
        parts = []
        for c, term in enumerate(terms):
            s = term.num
            if term.den is None:
                parts.append(col(joined, f"wy{s}"))
            else:
                parts.append((col(joined, f"wy{s}") - joined[f"theta{e}_{c}"] * col(joined, f"wd{s}"))
                             / joined[f"tb{e}_{c}"].nullif(0))
        zs[f"z{e}"] = signed_sum(terms, parts)
        if linearize.rescaled(design):
            k = marker(joined, terms[0].num)
            for term in terms[1:]:
                k = k + marker(joined, term.num)
            zs[f"k{e}"] = k
    zt = joined.select(*by, H, **zs)
    v = linearize.variance(design, zt, strata, by, len(groups))
    out = dom.join(v, by) if by else dom.cross_join(v)
    return _select(out, by, groups)


def _thetas(dom: ir.Table, groups) -> ir.Table:
    th = {}
    for e, terms in enumerate(groups):
        for c, term in enumerate(terms):
            s = term.num
            th[f"theta{e}_{c}"] = dom[f"wy{s}"] if term.den is None else dom[f"wy{s}"] / dom[f"wd{s}"].nullif(0)
    dom = dom.mutate(**th)
    return dom.mutate(**{f"estimate{e}": signed_sum(terms, [dom[f"theta{e}_{c}"] for c in range(len(terms))])
                         for e, terms in enumerate(groups)})


def _select(out: ir.Table, by, groups) -> ir.Table:
    cols = {}
    for e, terms in enumerate(groups):
        s0 = terms[0].num
        n, nw = out[f"k{s0}"], out[f"wk{s0}"]
        for term in terms[1:]:
            n, nw = n + out[f"k{term.num}"], nw + out[f"wk{term.num}"]
        cols.update({f"estimate{e}": out[f"estimate{e}"], f"var{e}": out[f"var{e}"], f"n{e}": n,
                     f"n_weighted{e}": nw, f"npsu{e}": out[f"npsu{e}"]})
        if len(terms) == 1:
            # Design-effect ingredients: sum w e^2 with e = num - c*den (c = theta, or the mean for totals).
            t0 = terms[0]
            centre = out[f"theta{e}_0"] if t0.den is not None else out[f"wy{s0}"] / out[f"wk{s0}"].nullif(0)
            if f"wyy{s0}" in out.columns:
                cols[f"sse{e}"] = out[f"wyy{s0}"] - 2 * centre * out[f"wyd{s0}"] + centre * centre * out[f"wdd{s0}"]
            cols[f"dsum{e}"] = out[f"wd{s0}"] if t0.den is not None else ibis.literal(1.0)
        else:
            cols.update({f"n{e}_{c}": out[f"k{t.num}"] for c, t in enumerate(terms)})
    return out.select(*by, **cols)


def many(design: Design, estimates: Mapping[str, Term | Sequence[Term]], by: Sequence[str] = (), *,
         ci: str = "t", level: float = 0.95, deff: str = "replace") -> pd.DataFrame:
    """Several estimates in one pass over the data, stacked: the by columns, `variable`, then the
    usual columns. Each value is a Term (mean: Term(1, var, 1.0, where); ratio: Term(1, num, den,
    where); total: Term(1, var, None, where)) or a list of signed terms (a gap).
    """
    names = list(estimates)
    groups = [[t] if isinstance(t, Term) else list(t) for t in estimates.values()]
    expr = plan_many(design, groups, by)
    if ci == "logit":
        _check_logit(design, groups, "many")
    if by:
        expr = expr.order_by(list(by))
    wide = expr.execute()
    parts = []
    for e, (name, terms) in enumerate(zip(names, groups)):
        cols = {f"{k}{e}": k for k in ("estimate", "var", "n", "n_weighted", "npsu", "sse", "dsum")}
        part = wide[list(by) + [c for c in cols if c in wide.columns]].rename(columns=cols)
        part.insert(len(by), "variable", name)
        parts.append(finish(part, design=design, by=list(by) + ["variable"], kind="many", ci=ci, level=level,
                            deff=deff if len(terms) == 1 else None))
    return pd.concat(parts, ignore_index=True)


def _run(design, terms, by, *, kind, ci, level, deff, execute, order=True):
    expr = plan(design, terms, by)
    if not execute:
        return expr
    if ci == "logit":
        _check_logit(design, [terms], kind)
    if order and by:
        expr = expr.order_by(list(by))
    df = expr.execute()
    return finish(df, design=design, by=list(by), kind=kind, ci=ci, level=level, deff=deff)


def mean(design: Design, var, by: Sequence[str] = (), *, where=None, ci: str = "t", level: float = 0.95,
         deff: str = "replace", execute: bool = True) -> pd.DataFrame:
    """Weighted mean of `var` per domain (as svyby(~var, ~by, design, svymean, na.rm=TRUE)).

    `where` (a boolean column, expression or deferred) restricts to a subpopulation, e.g. an
    indicator's universe, as a mask: the design is kept whole. A list (or dict name -> expression)
    of variables is estimated in one pass and stacked with a `variable` column.
    """
    if isinstance(var, (list, tuple, dict)):
        named = var if isinstance(var, dict) else {str(v): v for v in var}
        terms = {k: Term(1.0, v, 1.0, where) for k, v in named.items()}
        if not execute:
            return plan_many(design, [[t] for t in terms.values()], by)
        return many(design, terms, by, ci=ci, level=level, deff=deff)
    return _run(design, [Term(1.0, var, 1.0, where)], by, kind="mean", ci=ci, level=level, deff=deff, execute=execute)


def proportion(design: Design, condition, by: Sequence[str] = (), **kw) -> pd.DataFrame:
    """Share of the population meeting a boolean condition (a 0/1 mean); ci='logit' on request."""
    return mean(design, condition, by, **kw)


def total(design: Design, var, by: Sequence[str] = (), *, where=None, ci: str = "t", level: float = 0.95,
          deff: str = "replace", execute: bool = True) -> pd.DataFrame:
    """Weighted total of `var` per domain (svytotal); `where` masks a subpopulation."""
    return _run(design, [Term(1.0, var, None, where)], by, kind="total", ci=ci, level=level, deff=deff, execute=execute)


def ratio(design: Design, num, den, by: Sequence[str] = (), *, where=None, ci: str = "t", level: float = 0.95,
          deff: str = "replace", execute: bool = True) -> pd.DataFrame:
    """Ratio of weighted totals sum(w*num)/sum(w*den) per domain (svyratio), e.g. unemployed/active."""
    return _run(design, [Term(1.0, num, den, where)], by, kind="ratio", ci=ci, level=level, deff=deff, execute=execute)


TRUE_WORDS = ("1", "true", "t", "yes", "y")
FALSE_WORDS = ("0", "false", "f", "no", "n")


def _present(table: ir.Table, col: str, limit: int = 12) -> str:
    """The values of `col` with their row counts, most common first (for error messages)."""
    counts = (table.group_by(col).aggregate(_n=table.count()).order_by([ibis.desc("_n"), col])
              .limit(limit + 1).execute())
    shown = [f"{v!r} ({int(n)} rows)" for v, n in zip(counts[col], counts["_n"]) if v is not None and v == v]
    more = len(shown) > limit
    return ", ".join(shown[:limit]) + (", ..." if more else "") if shown else "none (the column is empty)"


def _typed(table: ir.Table, col: str, raw, source: str | None = None):
    """A compared value as the column's type, so '1' matches an integer column and 'yes' a boolean."""
    t = table[col].type()
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    try:
        if t.is_boolean():
            if text.lower() in TRUE_WORDS:
                return True
            if text.lower() in FALSE_WORDS:
                return False
            raise ValueError(text)
        if t.is_integer():
            f = float(text)
            if not f.is_integer():
                raise ValueError(text)
            return int(f)
        if t.is_floating() or t.is_decimal():
            return float(text)
    except ValueError:
        kind = "true/false" if t.is_boolean() else "whole number" if t.is_integer() else "number"
        raise InputErrors(Problem(
            f"--compare value {raw!r} is not a {kind}, but column '{col}' holds {t} values", file=source,
            column=col, fix=f"compare values present in '{col}': {_present(table, col)}")) from None
    return raw


def _check_compare(design: Design, col: str, raws, values, where=None) -> None:
    """Both compared values must occur in column G: a misspelt value is an error, not an empty domain."""
    if len(values) == 2 and values[0] == values[1]:
        raise InputErrors(Problem(f"--compare names the same value twice ({raws[0]!r})", file=design.source,
                                  column=col, fix="give two different values: G:X,Y"))
    g = design.table[col]
    counts = design.table.aggregate(**{f"c{i}": (g == v).fill_null(False).cast("int64").sum()
                                       for i, v in enumerate(values)}).execute()
    absent = [raw for i, raw in enumerate(raws) if not int(counts[f"c{i}"].iloc[0] or 0)]
    if absent:
        raise InputErrors(Problem(
            f"--compare value{'s' if len(absent) > 1 else ''} {', '.join(map(repr, map(str, absent)))} "
            f"not found in column '{col}'", file=design.source, column=col,
            fix=f"use values present in '{col}': {_present(design.table, col)}"))


def _check_logit(design: Design, groups, kind: str) -> None:
    """Logit intervals are for proportions: a mean (or ratio) of 0/1 or true/false values.

    Anything else would give an empty or meaningless interval, so it is refused up front."""
    if kind in ("gap", "total") or any(len(terms) != 1 or terms[0].den is None for terms in groups):
        raise InputErrors(Problem(
            f"logit intervals are for proportions, and a {'gap' if kind == 'gap' or len(groups[0]) > 1 else 'total'} "
            "is not one", file=design.source, fix="use --ci t (ci='t') or normal"))
    tests = []
    for terms in groups:
        term = terms[0]
        for x in (term.num, term.den):
            if x is None or isinstance(x, (int, float)):
                continue
            v = value(design.table, x)
            if v.type().is_boolean():
                continue
            bad = v.notnull() & ~v.isin([0, 1])
            if term.mask is not None:
                bad &= value(design.table, term.mask).fill_null(False)
            tests.append((x if isinstance(x, str) else None, bad))
    if not tests:
        return
    counts = design.table.aggregate(**{f"c{i}": b.cast("int64").sum() for i, (_, b) in enumerate(tests)}).execute()
    c = Collector(file=design.source)
    for i, (name, bad) in enumerate(tests):
        n = int(counts[f"c{i}"].iloc[0] or 0)
        if n:
            c.add("--ci logit needs a 0/1 (or true/false) variable, a proportion, but this one has other values",
                  column=name, count=n, rows=_examples(design.table, bad),
                  fix="use --ci t or normal for a mean of other values, or recode the variable to 0/1")
    c.raise_if_any("The estimate does not fit the data")


def gap(design: Design, var, by: Sequence[str] = (), *, compare: tuple, where=None, ci: str = "t",
        level: float = 0.95, den=1.0, execute: bool = True) -> pd.DataFrame:
    """Difference x - y between two domains of column G within each `by` group, with its covariance.

    `compare=(G, x, y)`. The variance of the difference uses both domains' influence values in the
    same PSUs, as svycontrast(svyby(..., covmat=TRUE), ...). Columns n_x and n_y hold each side's
    unweighted count (n is their sum).
    """
    col, x, y = compare
    _check_columns(design, [col], "--compare")
    if ci == "logit":
        _check_logit(design, [[Term(1.0, var, den), Term(-1.0, var, den)]], "gap")
    xv, yv = _typed(design.table, col, x, design.source), _typed(design.table, col, y, design.source)
    if execute:
        _check_compare(design, col, (x, y), (xv, yv))
    g = design.table[col]
    mx, my = g == xv, g == yv
    if where is not None:
        w = value(design.table, where).fill_null(False)
        mx, my = mx & w, my & w
    terms = [Term(1.0, var, den, mx), Term(-1.0, var, den, my)]
    expr = plan(design, terms, by)
    if not execute:
        return expr
    if by:
        expr = expr.order_by(list(by))
    df = expr.execute().rename(columns={"n0": "n_x", "n1": "n_y"})
    df.insert(len(by), col, f"{x} - {y}")
    return finish(df, design=design, by=list(by) + [col], kind="gap", ci=ci, level=level, deff=None)


def sql(design: Design, estimator: str = "mean", **kwargs) -> str:
    """The SQL an estimate compiles to, e.g. sql(d, "ratio", num="unemployed", den="active", by=["area"])."""
    fn = {"mean": mean, "proportion": proportion, "total": total, "ratio": ratio, "gap": gap}[estimator]
    return str(ibis.to_sql(fn(design, execute=False, **kwargs)))
