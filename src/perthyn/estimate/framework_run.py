"""Every framework indicator the data can support, for migrants and the rest, through the disclosure gate.

    result = run_framework("people.parquet", mapping="aps")
    write(result, "results/")

What is computed: for each indicator with a `compute` whose columns the data have, per grouping
(overall, migrant group, residence band, age group, sex, area, area x migrant group, plus any --by
columns) the estimate for migrants, for non-migrants and for everyone, and the gap migrants minus
non-migrants (or each migrant group minus non-migrants), with design-based SEs.

Why it is batched, and why there is still one variance implementation: calling the estimator once
per indicator and domain would scan the data hundreds of times. Here the rows are scanned once, into
the finest cells (every group column x migrant status x PSU, with the sums of every indicator); each
grouping is rolled up from those cells into PSU-level totals split into components x (migrants),
y (the rest) and t (everyone), the groupings are stacked, and the engine's own variance path
(perthyn.estimate.estimators.from_sums: domain totals, influence per PSU, deviations from the stratum
mean, fpc, singleton policy, replicate weights) runs once over the stack. A gap is the engine's
two-term contrast x - y on the same PSUs, so its covariance is included. A nested grouping's gap (a
migrant group minus its parent cell's non-migrants) would need the parent's PSUs repeated for every
cell; in Taylor designs it is instead V(x) + V(y) - 2 C from the engine's variances and the covariance
C of the two influence values over the cell's own PSUs (_nested_gaps; the tests check it against the
engine's gap). Without PSUs each row is its own PSU. Everything is an Ibis expression, so the run executes on DuckDB (default) or PySpark (con=).
Intervals, df, deff and flags come from perthyn.estimate.intervals.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import numpy as np
import pandas as pd

from perthyn.disclosure import DisclosurePolicy, gate
from perthyn.estimate import linearize
from perthyn.estimate.design import H, P, Design
from perthyn.estimate.estimators import from_sums
from perthyn.errors import InputErrors, Problem

GROUP_COLS = ["migrant", "migrant_group", "residence_band", "age_group", "sex", "area_code"]
NESTED = {"migrant_group", "residence_band"}      # values that already say migrant or not
REFERENCE = {"migrant_group": "uk", "residence_band": "uk_born"}
TOTAL = "all"
OUTPUT = ["indicator_id", "label", "domain", "kind", "unit", "definition_version", "source", "period", "input",
          "synthetic", "grouping", "measure"]
STATS = ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_weighted"]


@dataclass(frozen=True)
class Grouping:
    cols: tuple[str, ...]              # grouping columns other than migrant
    parent: tuple[str, ...] | None     # for nested groupings: the grouping whose non-migrants are the reference

    @property
    def name(self) -> str:
        return "+".join(self.cols) or "overall"


def groupings(by: tuple[str, ...] = ("area_code",)) -> list[Grouping]:
    out = [Grouping((), None), Grouping(("migrant_group",), ()), Grouping(("residence_band",), ()),
           Grouping(("age_group",), None), Grouping(("sex",), None)]
    for col in by:
        out += [Grouping((col,), None), Grouping((col, "migrant_group"), (col,))]
    return out


@dataclass
class RunResult:
    estimates: pd.DataFrame
    manifest: dict
    report: pd.DataFrame = field(default_factory=pd.DataFrame)


# --- preparing the rows -----------------------------------------------------------------------------

def _supported(framework, columns) -> tuple[list, list]:
    from perthyn.framework import expr

    ok, skipped = [], []
    for ind in framework.indicators:
        if ind.compute is None:
            skipped.append({"indicator_id": ind.id, "reason": "no compute rule in the framework (needs new data or a definition)"})
            continue
        needed = sorted({c for text in ind.compute.expressions().values() for c in expr.columns(text)})
        missing = [c for c in needed if c not in columns]
        if missing:
            skipped.append({"indicator_id": ind.id, "reason": f"column(s) missing from the data: {', '.join(missing)}"})
        elif ind.compute.kind not in ("proportion", "mean", "ratio"):
            skipped.append({"indicator_id": ind.id, "reason": f"compute kind {ind.compute.kind} not supported"})
        else:
            ok.append(ind)
    return ok, skipped


def _indicator_columns(t, indicators) -> dict:
    """Per indicator k: u{k} (in the universe, with a value), y{k} (numerator), d{k} (denominator)."""
    from perthyn.framework.expr import to_ibis

    cols = {}
    for k, ind in enumerate(indicators):
        c = ind.compute
        universe = to_ibis(c.universe, t).fill_null(False)
        if c.kind == "proportion":
            y = to_ibis(c.condition, t)
            d = ibis.literal(1.0)
        elif c.kind == "mean":
            y = to_ibis(c.variable, t)
            d = ibis.literal(1.0)
        else:
            y, d = to_ibis(c.numerator, t), to_ibis(c.denominator, t)
        y = y.cast("float64")
        d = d.cast("float64")
        inside = universe & y.notnull() & d.notnull()
        cols[f"u{k}"] = inside
        cols[f"y{k}"] = ibis.ifelse(inside, y, 0.0)
        cols[f"d{k}"] = ibis.ifelse(inside, d, 0.0)
    return cols


# --- one scan to the finest cells, rolled up to every grouping, then the engine's variance path ---

SIDES = ("x", "y", "t")   # migrants, the rest, everyone


# Of the sums per indicator, only these are needed PSU by PSU (influence and PSU counts: with
# positive weights wk > 0 marks a PSU with rows of the domain); the rest are domain totals.
PSU_STEMS = {"proportion": ["wy", "wk"], "mean": ["wy", "wk"], "ratio": ["wy", "k", "wd"]}
DOMAIN_STEMS = {"proportion": ["k"], "mean": ["k", "wyy"], "ratio": ["wk", "wyy", "wyd", "wdd"]}


def _sum_names(kinds: list[str], replicate, level: str = "all") -> list[tuple[str, int, str]]:
    """(stem, indicator, replicate suffix) of each sum the engine needs per indicator
    (estimators.component_sums): all of them, those needed per PSU, or the domain totals. With a
    denominator of 1 (proportions, means) w*d is the weighted count, so fewer sums are carried;
    _aliases names them for the engine. Replicate designs have no PSU level: all sums per cell."""
    out = []
    for k, kind in enumerate(kinds):
        stems = {"psu": PSU_STEMS[kind], "domain": DOMAIN_STEMS[kind]}.get(level) if replicate is None else None
        if stems is None:
            stems = ["wy", "k", "wk"] + (["wd", "wyy", "wyd", "wdd"] if kind == "ratio" else ["wyy"] if kind == "mean" else [])
            if level == "domain":
                stems = []
        out += [(s, k, "") for s in stems]
        for r in range(len(replicate.columns) if replicate and level != "domain" else 0):
            out += [("ry", k, f"_{r}"), ("rd", k, f"_{r}")]
    return out


def _name(stem: str, k: int, rep: str, side: str = "") -> str:
    return f"{stem}{side}{k}{rep}"


def _finest(base, kinds: list[str], group_cols: list[str], keys: list[str], replicate, use_fpc: bool):
    """The one scan of the rows: per finest cell (every group column, migrant status and PSU) the sums
    of every indicator. Every grouping is rolled up from these cells, which are far fewer than rows."""
    w = base._w
    aggs = {"_rows": base.count()}
    if use_fpc and keys:
        aggs["_fpc"] = base._fpc.max()
    for stem, k, rep in _sum_names(kinds, replicate):
        y, d, u = base[f"y{k}"], base[f"d{k}"], base[f"u{k}"]   # y and d are 0 outside the universe
        wr = base[replicate.columns[int(rep[1:])]] if rep else None
        value = {"wy": w * y, "k": u.cast("int64"), "wk": ibis.ifelse(u, w, 0.0), "wd": w * d, "wyy": w * y * y,
                 "wyd": w * y * d, "wdd": w * d * d, "ry": wr * y if rep else None, "rd": wr * d if rep else None}[stem]
        aggs[_name(stem, k, rep)] = value.sum()
    return base.group_by([*group_cols, *keys]).aggregate(**aggs)


def _sides(cells, kinds, replicate, sides: tuple[str, ...]) -> dict:
    """Aggregates splitting each sum by migrant status: x (migrants), y (the rest), t (everyone, with
    the rows whose status is unknown)."""
    cond = {"x": cells.migrant.fill_null(False), "y": (~cells.migrant).fill_null(False), "t": None}

    def part(col, side):
        return col if cond[side] is None else ibis.ifelse(cond[side], col, ibis.literal(0, col.type()))

    return {_name(stem, k, rep, side): part(cells[_name(stem, k, rep)], side).sum()
            for stem, k, rep in _sum_names(kinds, replicate, "psu") for side in sides}


def _aliases(kinds: list[str], replicate, t_from_sides: bool) -> dict:
    """The rest of the engine's component sums, as functions of the stacked table (from_sums computes
    them where it uses them): everyone as migrants + the rest when no row's status is unknown, and the
    sums that equal others when the denominator is 1."""
    out = {}
    if t_from_sides:
        for s, k, r in _sum_names(kinds, replicate, "psu"):
            x, y = _name(s, k, r, "x"), _name(s, k, r, "y")
            out[_name(s, k, r, "t")] = lambda t, x=x, y=y: t[x] + t[y]

    def same(name):
        return lambda t: out[name](t) if name in out else t[name]

    for k, kind in enumerate(kinds):
        for side in SIDES:
            c = f"{side}{k}"
            if kind != "ratio":
                out.update({f"wd{c}": same(f"wk{c}"), f"wyd{c}": same(f"wy{c}"), f"wdd{c}": same(f"wk{c}")})
            if kind == "proportion":
                out[f"wyy{c}"] = same(f"wy{c}")
    return out


def _keep(con, expr):
    """Computed once (an expression) or brought in (a small DataFrame) and read several times: a temporary
    table in DuckDB, a cached DataFrame or temporary view elsewhere (Spark)."""
    name = f"perthyn_run_{uuid.uuid4().hex}"
    if isinstance(expr, pd.DataFrame):
        # Spark resolves a memtable's view only when a query runs, not when one is cached
        return ibis.memtable(expr) if con.name == "duckdb" else con.create_view(name, ibis.memtable(expr)).cache()
    if con.name == "duckdb":
        return con.create_table(name, expr, temp=True)
    # Ibis 12 caches on Spark without registering the query's in-memory tables (its execute does)
    con._run_pre_execute_hooks(expr)
    return expr.cache()


def _sum_by(table, keys, aggs):
    return table.group_by(keys).aggregate(**aggs) if keys else table.aggregate(**aggs)


class _Stack:
    """The groupings' totals, one table: in DuckDB each part is inserted as it is computed (written once);
    elsewhere the parts are cached and their union is cached."""

    def __init__(self, con):
        self.con, self.name, self.parts, self.columns = con, None, [], None

    def add(self, part, cells: tuple[int, int]):
        """Store a part whose cells are numbered cells[0]..cells[1]; returns its stored rows."""
        self.columns = self.columns or part.columns
        part = part.select(*self.columns)
        if self.con.name != "duckdb":
            self.parts.append(part)
            return part
        if self.name is None:
            self.name = f"perthyn_run_{uuid.uuid4().hex}"
            self.con.create_table(self.name, part, temp=True)
        else:
            self.con.insert(self.name, part)
        stored = self.con.table(self.name)
        return stored.filter(stored._cell.between(*cells))

    def table(self):
        return self.con.table(self.name) if self.name else _keep(self.con, ibis.union(*self.parts))


def _sum_cells(rows, keys, cell: int):
    """One cell (overall) as the sum of another grouping's cells, PSU by PSU."""
    sums = {c: rows[c].sum() for c in rows.columns if c not in ("_cell", *keys)}
    out = _sum_by(rows, keys, sums)
    return out.select(ibis.literal(cell, "int64").name("_cell"), *keys, *sums)


def _design(rows, finest, use_fpc: bool, singleton: str, replicate, source: str, recheck=None) -> Design:
    """The engine's design and its checks (strata, PSUs nested in strata, singleton strata, df). Without
    fpc or replicate weights these need only the (stratum, PSU) pairs, which the finest cells hold, so
    the rows are not read again; if a check fails it is rerun on the rows, whose error names file rows
    (weights were checked with the schema)."""
    if not use_fpc and replicate is None:
        try:
            return Design(finest, strata="_h", psu="_p", singleton=singleton, source=source)
        except InputErrors:
            if recheck:
                recheck()   # the schema's own checks, with those left to the design, name columns and rows
    return Design(rows, weight="_w", strata="_h", psu="_p", fpc="_fpc" if use_fpc else None,
                  singleton=singleton, replicate=replicate, source=source)


def _not_missing(table, cols):
    keep = [table[c].notnull() for c in cols]
    return table.filter(*keep) if keep else table


def _grouping_sums(finest, grp: "Grouping", kinds, keys, replicate, t_from_sides: bool, ids: dict, done: dict,
                   direct: bool = False):
    """Component totals of one grouping per cell (`_cell`, numbered in ids[grp.cols]) and PSU; cells with
    a missing label are left out, as the engine leaves out missing by values. A nested grouping (e.g.
    migrant group) compares each cell's migrants with its parent cell's non-migrants: the parent's y
    totals, already in done[grp.parent], are repeated for every child cell, PSU by PSU, and the cell's
    migrant totals joined on; its t side, when stored, is zeros (never used). Every PSU with a migrant of a child cell is a
    PSU of its parent cell, so the left join loses nothing. With `direct` a nested grouping carries only its
    cells' migrants (y zeros) and _nested_gaps completes it from the parent's rows."""
    cols = list(grp.cols)
    own = _not_missing(finest, cols)
    names = _sum_names(kinds, replicate, "psu")
    if grp.parent is None:
        sides = ("x", "y") if t_from_sides else SIDES
        sums = _sum_by(own, [*cols, *keys], _sides(own, kinds, replicate, sides))
        keyed = sums.join(ids[grp.cols], cols) if cols else sums.cross_join(ids[grp.cols])
        return keyed.select(keyed._cell.cast("int64").name("_cell"), *keys,
                            *[c for c in sums.columns if c not in (*cols, *keys)])
    parent = list(grp.parent)
    sx = [_name(s, k, r, "x") for s, k, r in names]
    sy = [_name(s, k, r, "y") for s, k, r in names]
    migrants = own.filter(own.migrant.fill_null(False))
    x = _sum_by(migrants, [*cols, *keys], {_name(s, k, r, "x"): migrants[_name(s, k, r)].sum() for s, k, r in names})
    x = x.join(ids[grp.cols], cols).select("_cell", *keys, *sx)
    if direct:
        # only the cell's own migrants, PSU by PSU; the parent's y and the gap come from _nested_gaps
        zeros = {_name(s, k, r, side): ibis.literal(0, x[_name(s, k, r, "x")].type())
                 for side in (("y",) if t_from_sides else ("y", "t")) for s, k, r in names}
        return x.select(x._cell.cast("int64").name("_cell"), *keys, *sx, **zeros)
    up = done[grp.parent]
    up = up.join(ids[grp.parent], "_cell").select(*parent, *keys, *sy) if parent else up.select(*keys, *sy)
    child = ids[grp.cols]
    rep = (child.join(up, parent) if parent else child.cross_join(up)).select("_cell", *keys, *sy)
    both = rep.left_join(x, ["_cell", *keys])
    zero = {n: ibis.literal(0, x[n].type()) for n in sx}
    out = both.select(rep._cell.cast("int64").name("_cell"), *[rep[k] for k in keys],
                      **{n: both[n].fill_null(zero[n]) for n in sx}, **{n: both[n] for n in sy})
    if not t_from_sides:
        out = out.mutate(**{_name(s, k, r, "t"): zero[_name(s, k, r, "x")] for s, k, r in names})
    return out


def _coarse(finest, group_cols, kinds):
    """The finest cells without the PSU: row counts and the domain-level sums per combination of
    group columns (small: every grouping's cells, counts and design-effect sums come from it)."""
    names = [_name(s, k, r) for s, k, r in _sum_names(kinds, None, "domain")]
    return finest.group_by(group_cols).aggregate(_rows=finest._rows.sum(), **{n: finest[n].sum() for n in names}).execute()


def _domain_sums(coarse: pd.DataFrame, grp: "Grouping", kinds, cells: pd.DataFrame, done: dict) -> pd.DataFrame:
    """The domain totals of one grouping per cell and side (x, y, t), from the coarse cells: what
    from_sums needs once per domain rather than PSU by PSU. A nested grouping's y side is its parent
    cell's (done[grp.parent]); its t side is never used."""
    named = _sum_names(kinds, None, "domain")
    cols = list(grp.cols)
    own = coarse.dropna(subset=cols).merge(cells[[*cols, "_cell"]], on=cols) if cols else coarse.assign(_cell=int(cells["_cell"].iloc[0]))
    status = own["migrant"].astype("boolean")
    masks = {"x": status.fillna(False), "y": (~status).fillna(False), "t": pd.Series(True, index=own.index)}
    out = cells[["_cell"]].set_index("_cell")

    def side(mask, name):
        part = own[mask.to_numpy()].groupby("_cell")[[_name(s, k, r) for s, k, r in named]].sum()
        return part.rename(columns={_name(s, k, r): _name(s, k, r, name) for s, k, r in named})

    if grp.parent is None:
        for name in SIDES:
            out = out.join(side(masks[name], name))
    else:
        parent = list(grp.parent)
        up = done[grp.parent]
        ys = [_name(s, k, r, "y") for s, k, r in named]
        link = cells[[*parent, "_cell"]].merge(up[[*parent, "_cell", *ys]].rename(columns={"_cell": "_up"}), on=parent) \
            if parent else cells[["_cell"]].assign(**{c: up[c].iloc[0] for c in ys})
        out = out.join(side(masks["x"], "x")).join(link.set_index("_cell")[ys])
        out = out.assign(**{_name(s, k, r, "t"): 0 for s, k, r in named})
    out = out.fillna(0)
    counts = [_name(s, k, r, side) for s, k, r in named if s == "k" for side in SIDES]
    return out.astype({c: "int64" for c in counts}).reset_index()


def _nested_gaps(con, design, stacked, link: pd.DataFrame, wide: pd.DataFrame, kinds, strata) -> pd.DataFrame:
    """A nested cell's y side and gap, without repeating its parent's non-migrants PSU by PSU: y is the
    parent cell's y; the gap x - y has variance V(x) + V(y) - 2 C, where C is the covariance of the
    two linearised estimates over the same PSUs. Per stratum the engine's scale times
    sum_j (a_j - abar)(b_j - bbar) = sum_j a_j (b_j - bbar), which is zero wherever the cell has no
    migrants (a_j = 0), so only the cell's own PSUs are read (a: the cell's migrants' influence,
    b: the parent's non-migrants', bbar its stratum mean over all the stratum's PSUs). Singleton
    strata follow the design's policy as in linearize.variance ('adjust': sum a_j b_j, lonely: 0)."""
    K = len(kinds)
    by_cell = wide.set_index("_cell")

    def take(cells, e, stat):
        return by_cell[f"{stat}{e}"].reindex(cells).to_numpy()

    child = link[["_cell", "_up"]].copy()
    up = pd.DataFrame({"_up": link["_up"].unique()})
    for k in range(K):
        child[f"ax{k}"], child[f"bx{k}"] = take(child._cell, 4 * k, "estimate"), take(child._cell, 4 * k, "dsum")
        up[f"ay{k}"], up[f"by{k}"] = take(up._up, 4 * k + 1, "estimate"), take(up._up, 4 * k + 1, "dsum")
    ch, pa = _keep(con, child), _keep(con, up)

    def wd(t, side, k):
        return t[f"wd{side}{k}" if kinds[k] == "ratio" else f"wk{side}{k}"]

    def z(t, side, k, theta, total):
        return (t[f"wy{side}{k}"] - t[theta] * wd(t, side, k)) / t[total].nullif(0)

    ys = stacked.join(pa, stacked._cell == pa._up)
    ys = ys.select("_up", H, P, **{f"b{k}": z(ys, "y", k, f"ay{k}", f"by{k}") for k in range(K)})
    means = ys.group_by(["_up", H]).aggregate(**{f"bs{k}": ys[f"b{k}"].sum() for k in range(K)}).join(strata, H)
    means = means.select("_up", H, **{f"bbar{k}": means[f"bs{k}"] / means.n_h for k in range(K)})
    xs = stacked.join(ch, "_cell")
    xs = xs.select("_cell", "_up", H, P, **{f"a{k}": z(xs, "x", k, f"ax{k}", f"bx{k}") for k in range(K)})
    j = xs.left_join(ys, ["_up", H, P]).select(xs._cell, xs._up, xs[H], *[xs[f"a{k}"] for k in range(K)],
                                               *[ys[f"b{k}"].fill_null(0.0).name(f"b{k}") for k in range(K)])
    j = j.left_join(means, ["_up", H]).select(j._cell, j[H], *[j[f"a{k}"] for k in range(K)],
                                              *[j[f"b{k}"] for k in range(K)],
                                              *[means[f"bbar{k}"].fill_null(0.0).name(f"bbar{k}") for k in range(K)])
    aggs = {}
    for k in range(K):
        a, b = j[f"a{k}"], j[f"b{k}"]
        aggs[f"c{k}"] = (a * (b - j[f"bbar{k}"])).sum()
        aggs[f"u{k}"] = (a * b).sum()
    per = j.group_by(["_cell", H]).aggregate(**aggs).join(strata, H)
    single = per.n_h == 1
    lonely = single & (per.f_h > 0)
    scale = per.f_h * per.n_h / ibis.ifelse(single, 1.0, per.n_h - 1)
    cov = {}
    for k in range(K):
        centred = scale * per[f"c{k}"]
        if design.singleton == "adjust":
            cov[f"cov{k}"] = ibis.ifelse(single, per.f_h * per[f"u{k}"], centred).sum()
        else:
            cov[f"cov{k}"] = ibis.ifelse(lonely, 0.0, centred).sum()
    got = per.group_by("_cell").aggregate(**cov).execute().set_index("_cell").reindex(child._cell)

    rows = child._cell.to_numpy()
    # a reference cell (uk, uk_born) has no migrants, hence no PSU rows: it is its parent's y
    out = wide.set_index("_cell")
    out = out.reindex(out.index.union(rows))
    counts = [c for c in out.columns if re.fullmatch(r"(n|npsu)\d+(_\d)?", c)]
    out[counts] = out[counts].fillna(0).astype("int64")
    out[[c for c in out.columns if c.startswith("n_weighted")]] = out.filter(like="n_weighted").fillna(0.0)
    out = out.copy()   # one block again before the columns are patched
    parent_of = child.set_index("_cell")["_up"]
    for k in range(K):
        ex, ey, eg = 4 * k, 4 * k + 1, 4 * k + 3
        yrow = {stat: take(parent_of.to_numpy(), ey, stat) for stat in ("estimate", "var", "n", "n_weighted", "npsu",
                                                                         "sse", "dsum") if f"{stat}{ey}" in out}
        for stat, values in yrow.items():
            out.loc[rows, f"{stat}{ey}"] = values
        xrow = {stat: take(rows, ex, stat) for stat in ("estimate", "var", "n", "n_weighted", "npsu")}
        xrow.update({stat: np.nan_to_num(xrow[stat]) for stat in ("n", "n_weighted", "npsu")})
        out.loc[rows, f"estimate{eg}"] = xrow["estimate"] - yrow["estimate"]
        # V(x) + V(y) - 2C >= 0; rounding may leave -1e-20 where the two sides move together
        var = xrow["var"] + yrow["var"] - 2 * got[f"cov{k}"].fillna(0.0).to_numpy()
        out.loc[rows, f"var{eg}"] = np.where(var < 0, 0.0, var)
        out.loc[rows, f"n{eg}_0"], out.loc[rows, f"n{eg}_1"] = xrow["n"], yrow["n"]
        out.loc[rows, f"n{eg}"] = xrow["n"] + yrow["n"]
        out.loc[rows, f"n_weighted{eg}"] = xrow["n_weighted"] + yrow["n_weighted"]
        out.loc[rows, f"npsu{eg}"] = np.minimum(xrow["npsu"], yrow["npsu"])
    return out.reset_index()


def _estimator_groups(K: int) -> list[tuple[int, str, list]]:
    """(indicator, side, terms) for one grouping: each side alone and the gap x - y."""
    from .terms import Term

    out = []
    for k in range(K):
        for side in ("x", "y", "t"):
            out.append((k, side, [Term(1.0, f"{side}{k}", 1.0)]))
        out.append((k, "gap", [Term(1.0, f"x{k}", 1.0), Term(-1.0, f"y{k}", 1.0)]))
    return out


def _long(wide: pd.DataFrame, cols: list[str], plan: list) -> pd.DataFrame:
    """The engine's wide output (columns suffixed by estimator index) as one row per cell, side, indicator."""
    frames = []
    for e, (k, side, terms) in enumerate(plan):
        part = {c: wide[c] for c in cols}
        for stat in ("estimate", "var", "n", "n_weighted", "npsu", "sse", "dsum"):
            if f"{stat}{e}" in wide:
                part[stat] = wide[f"{stat}{e}"]
        if side == "gap":
            part["n_x"], part["n_y"] = wide[f"n{e}_0"], wide[f"n{e}_1"]
        frames.append(pd.DataFrame(part).assign(side=side, k=k))
    return pd.concat(frames, ignore_index=True)


# --- the run --------------------------------------------------------------------------------------

def read_data(path: str | Path, con=None):
    if con is None:
        con = ibis.duckdb.connect()
        con.raw_sql("SET enable_progress_bar = false")
    p = Path(path)
    if not p.exists():
        raise InputErrors(Problem("file not found", file=str(p), fix="check the path"))
    if p.suffix.lower() == ".csv":
        return con, con.read_csv(str(p))
    if p.suffix.lower() in (".parquet", ".pq"):
        return con, con.read_parquet(str(p))
    raise InputErrors(Problem("unknown file type", file=str(p), fix="give a .parquet or .csv file"))


def is_synthetic(path: str | Path, table) -> bool:
    if Path(path).suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
        if meta.get(b"perthyn.synthetic") == b"true":
            return True
    if "synthetic" in table.columns:
        return bool(table.synthetic.any().execute())
    return False


@dataclass
class Prepared:
    derived: object            # the data in the person schema with migrant, migrant_group, ... derived
    chosen: list               # indicators computed
    skipped: list              # {indicator_id, reason} for the others
    kinds: list
    has_psu: bool
    use_fpc: bool
    group_cols: list
    base: object               # the staged rows: group, design and indicator columns (u{k}, y{k}, d{k})


def _prepare(data, table, framework, mp, synthetic, by, indicators, replicate, fpc) -> Prepared:
    """From the person-schema table to the row-level expression the run stages (shared by the run and
    --show-sql, so the SQL shown is the SQL run)."""
    from perthyn.people import derive

    missing_by = [c for c in by if c not in table.columns]
    if missing_by:
        raise InputErrors([Problem("--by column not in the data", column=c, file=str(data),
                                   fix=f"choose from: {', '.join(table.columns)}") for c in missing_by])
    derived = derive(table, bands="census" if synthetic or (mp and mp.source == "census2021") else "default",
                     file=str(data))
    chosen, skipped = _supported(framework, set(derived.columns))
    if indicators:
        wanted = set(indicators)
        skipped += [{"indicator_id": i.id, "reason": "not requested"} for i in chosen if i.id not in wanted]
        chosen = [i for i in chosen if i.id in wanted]
    kinds = [i.compute.kind for i in chosen]
    has_psu = "psu" in derived.columns
    if replicate is not None:
        missing_rep = [c for c in replicate.columns if c not in derived.columns]
        if missing_rep:
            raise InputErrors([Problem("replicate weight column not in the data", column=c, file=str(data),
                                       fix=f"choose from: {', '.join(table.columns)}") for c in missing_rep])
    use_fpc = fpc and "fpc" in derived.columns
    group_cols = list(dict.fromkeys(["migrant", "migrant_group", "residence_band", "age_group", "sex", *by]))
    base_expr = _staging(derived, chosen, group_cols, has_psu, use_fpc, replicate)
    return Prepared(derived, chosen, skipped, kinds, has_psu, use_fpc, group_cols, base_expr)


def show_sql(data, *, mapping=None, by=("area_code",), indicators=None, replicate=None, fpc: bool = True) -> str:
    """The SQL a framework run compiles to (DuckDB dialect), without computing any estimate: the
    derivation of the person-schema rows, each indicator's row-level columns (u: in the universe with a
    value, y: numerator, d: denominator), the staging query and the one GROUPING SETS aggregation."""
    from perthyn import framework as fw_mod

    from .mapping import apply_mapping, load_mapping

    con, raw = read_data(data)
    synthetic = is_synthetic(data, raw)
    mp = load_mapping(mapping) if mapping else None
    table = apply_mapping(mp, raw, file=str(data)) if mp else raw
    framework = fw_mod.load()
    prep = _prepare(data, table, framework, mp, synthetic, tuple(by or ()), indicators, replicate, fpc)
    people = ibis.table(prep.derived.schema(), name="people")

    def sql(expr) -> str:
        return str(ibis.to_sql(expr, dialect="duckdb")).strip()

    out = [f"-- perthyn estimate framework {data}: the SQL of the run (DuckDB); nothing was computed.",
           f"-- {len(prep.chosen)} indicator(s): {', '.join(i.id for i in prep.chosen) or 'none'}; "
           f"{len(prep.skipped)} others not computed (no compute rule, columns missing or not requested)", "",
           "-- 1. people: the file in the person schema, with migrant, migrant_group, residence_band and "
           "age_group derived", f"CREATE TEMP VIEW people AS\n{sql(prep.derived)};", ""]
    out.append("-- 2. each indicator's row-level expression over people (u = in the universe with a value, "
               "y = numerator, d = denominator)")
    for k, ind in enumerate(prep.chosen):
        cols = _indicator_columns(people, [ind])
        exprs = "; ".join(f"{n}: {t}" for n, t in ind.compute.expressions().items())
        out += [f"-- {ind.id} ({ind.compute.kind}) {exprs}",
                sql(people.select(**{f"{n[0]}{k}": v for n, v in cols.items()})) + ";", ""]
    staged = _staging(people, prep.chosen, prep.group_cols, prep.has_psu, prep.use_fpc, replicate)
    out += ["-- 3. the rows the run reads: group, design and indicator columns per person (never stored)",
            f"CREATE TEMP VIEW staged AS\n{sql(staged)};", ""]
    grps = groupings(tuple(by or ()))
    keys = [] if replicate else ["_h", "_p"]
    finest = _finest(ibis.table(staged.schema(), name="staged"), prep.kinds, prep.group_cols, keys, replicate,
                     prep.use_fpc)
    out += ["-- 4. the one scan: per finest cell (every group column, migrant status and PSU) the sums of every "
            "indicator", f"CREATE TEMP TABLE finest AS\n{sql(finest)};", ""]
    cells = ibis.table(finest.schema(), name="finest")
    ids, done = {}, {}
    for g in grps:
        ids[g.cols] = ibis.table({**{c: "string" for c in g.cols}, "_cell": "int64"}, name=f"cells_{g.name}")
        expr = _grouping_sums(cells, g, prep.kinds, keys, replicate, True, ids, done, direct=bool(keys))
        done[g.cols] = ibis.table(expr.schema(), name=f"totals_{g.name}")
        out += [f"-- 5. grouping {g.name}: rolled up from the finest cells, sums per cell and PSU for each side "
                "(x migrants, y the rest; everyone = x + y when no row has an unknown migrant status"
                + ("; nested: each cell's own migrants, its gap with the parent's non-migrants by their covariance"
                   if g.parent is not None else "")
                + "; cells_" + g.name + " numbers its cells)", f"CREATE TEMP TABLE totals_{g.name} AS\n{sql(expr)};", ""]
    out += ["-- 6. the variance: these sums, stacked, go through the estimate engine's from_sums (domain totals, "
            "influence per PSU, deviations from the stratum means), as `perthyn estimate mean --show-sql` prints it."]
    return "\n".join(out) + "\n"


def _staging(derived, chosen, group_cols, has_psu: bool, use_fpc: bool, replicate):
    """One row per person: the group columns, the design columns _w, _h, _p (_fpc) and each indicator's
    u{k}, y{k}, d{k}."""
    design_cols = {"_w": derived.weight.cast("float64") if "weight" in derived.columns else ibis.literal(1.0),
                   "_h": derived.strata.cast("string") if "strata" in derived.columns else ibis.literal(TOTAL),
                   # without PSUs each row is its own PSU (the engine's variance is then the same)
                   "_p": derived.psu.cast("string") if has_psu else (ibis.row_number() + 1).cast("string")}
    if use_fpc:
        design_cols["_fpc"] = derived.fpc.cast("float64")
    rep_cols = {c: derived[c].cast("float64") for c in (replicate.columns if replicate else ())}
    return derived.select(*[derived[c].cast("string").name(c) if c != "migrant" else derived[c] for c in group_cols],
                          **design_cols, **rep_cols, **_indicator_columns(derived, chosen))


def run_framework(data, *, mapping=None, by=("area_code",), policy: DisclosurePolicy | None = None,
                  indicators=None, ci: str = "t", level: float = 0.95, validate_ids: bool = True,
                  source: str | None = None, period: str | None = None, progress=None, singleton: str = "fail",
                  fpc: bool = True, replicate=None, con=None) -> RunResult:
    """Compute, gate and describe every supported indicator. `data` is a path (Parquet/CSV).

    `con` is the Ibis connection that runs it: a new in-process DuckDB by default, or
    perthyn.estimate.backends.connect("pyspark") for Spark (local mode or a cluster); the
    indicators, the design checks and the variance are the same Ibis expressions on either.

    The design comes from the person schema's weight, strata, psu and fpc columns (fpc=False ignores
    the last); `singleton` is the engine's policy for strata with one PSU (fail|adjust|average) and
    `replicate` a perthyn.estimate.ReplicateSpec naming replicate weight columns in the data."""
    from perthyn import framework as fw_mod
    from perthyn.estimate.intervals import finish

    from .mapping import apply_mapping, load_mapping
    from .schema import validate

    started = time.perf_counter()
    timings = {}
    policy = policy or DisclosurePolicy()
    step = progress or (lambda label, advance=1: None)
    con, raw = read_data(data, con)
    synthetic = is_synthetic(data, raw)
    mp = load_mapping(mapping) if mapping else None
    table = apply_mapping(mp, raw, file=str(data)) if mp else raw
    step("validate")
    t0 = time.perf_counter()
    # PSU nesting is checked on the finest cells by the design when it reads only them (_design)
    light = replicate is None and not (fpc and "fpc" in table.columns)
    counts = validate(table, file=str(data), unique_ids=validate_ids, nesting=not light)
    timings["validate"] = time.perf_counter() - t0
    by = tuple(by or ())
    framework = fw_mod.load()
    prep = _prepare(data, table, framework, mp, synthetic, by, indicators, replicate, fpc)
    derived, chosen, skipped, kinds = prep.derived, prep.chosen, prep.skipped, prep.kinds
    K = len(chosen)
    has_psu, use_fpc, group_cols, base_expr = prep.has_psu, prep.use_fpc, prep.group_cols, prep.base
    step("prepare")
    grps = groupings(by)
    set_cols = [c for c in group_cols if c != "migrant"]   # migrant is a side of every cell, not a key
    gids = {g.cols: i for i, g in enumerate(grps)}   # a grouping's number
    keys = [] if replicate else ["_h", "_p"]
    t0 = time.perf_counter()
    # the one scan: derivation and the indicators' expressions are evaluated once per row, into the
    # finest cells (every group column x migrant status x PSU); everything after reads these cells
    finest = _keep(con, _finest(base_expr, kinds, group_cols, keys, replicate, use_fpc))
    timings["scan_to_finest_cells"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    design = _design(base_expr, finest, use_fpc, singleton, replicate, str(data),
                     recheck=lambda: validate(table, file=str(data), unique_ids=validate_ids))
    timings["design"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    coarse = _coarse(finest, group_cols, kinds)
    left_out = _left_out(coarse, grps)
    t_from_sides = left_out["migrant_unknown"] == 0
    # every PSU of the design (PSUs outside a domain count as zeros), with the fpc
    strata = None if replicate else linearize.strata_table(design, finest, base_expr)
    labels, ids, done, next_id = [], {}, {}, 0
    domains, dom_done, frames, links = [], {}, {}, []
    parents = {g.parent for g in grps if g.parent is not None}
    # nested gaps by their covariance (_nested_gaps) in Taylor designs; the parent's rows repeated per
    # cell otherwise (replicate weights; 'average', whose rescaling is per domain, with singleton strata)
    direct = bool(keys) and not (singleton == "average" and design.summary.singleton_strata)
    stack = _Stack(con)
    # overall is the sum of a one-column grouping's cells when that grouping leaves no row out: it is
    # rolled up from those stored totals (one row per cell and PSU) rather than from the finest cells
    source = next((g for g in grps if g.parent is None and len(g.cols) == 1 and g.cols[0] in by
                   and left_out["groupings"][g.name] == 0), None)
    stored = {}
    for g in sorted(grps, key=lambda g: g is not source):
        # one integer key per cell, numbered here: the engine's joins and groupings then run on one
        # integer rather than seven strings; the labels come back from this small cell list
        cols = list(g.cols)
        cells = (coarse[cols].dropna().drop_duplicates().sort_values(cols).reset_index(drop=True)
                 if cols else pd.DataFrame(index=[0]))
        cells["_cell"] = np.arange(len(cells), dtype="int64") + next_id
        next_id += len(cells)
        labels.append(cells.assign(_gid=gids[g.cols]))
        ids[g.cols] = _keep(con, cells[[*cols, "_cell"]])
        frames[g.cols] = cells
        if not cols and source is not None and source.cols in stored:
            part = _sum_cells(stored[source.cols], keys, int(cells["_cell"].iloc[0]))
        else:
            part = _grouping_sums(finest, g, kinds, keys, replicate, t_from_sides, ids, done, direct)
        if g.parent is not None and direct:
            up = frames[g.parent]
            links.append(cells[[*g.parent, "_cell"]].merge(up[[*g.parent, "_cell"]].rename(columns={"_cell": "_up"}),
                                                           on=list(g.parent)) if g.parent
                         else cells[["_cell"]].assign(_up=int(up["_cell"].iloc[0])))
        elif g.cols in parents and not direct:   # its totals are read again by its nested groupings
            part = done[g.cols] = _keep(con, part)
        stored[g.cols] = stack.add(part, (int(cells["_cell"].min()), int(cells["_cell"].max())))
        if replicate is None:
            totals = _domain_sums(coarse, g, kinds, cells, dom_done)
            domains.append(totals)
            if g.cols in parents:
                dom_done[g.cols] = cells.merge(totals, on="_cell")
    stacked = stack.table()
    cells = pd.concat(labels, ignore_index=True)
    for c in set_cols:
        cells[c] = cells[c].astype(object).where(cells[c].notna(), TOTAL) if c in cells else TOTAL
    timings["roll_up_groupings"] = time.perf_counter() - t0
    step("aggregate")
    t0 = time.perf_counter()
    plan = _estimator_groups(K)
    domain = _keep(con, pd.concat(domains, ignore_index=True)) if domains else None
    present = {f"{side}{k}": f"wk{side}{k}" for k, kind in enumerate(kinds) if kind != "ratio" for side in SIDES} \
        if domains else None
    wide = from_sums(design, stacked, [terms for _, _, terms in plan], ["_cell"], strata=strata,
                     aliases=_aliases(kinds, replicate, t_from_sides), complete=True, domain=domain,
                     present=present).execute()
    if links:
        wide = _nested_gaps(con, design, stacked, pd.concat(links, ignore_index=True), wide, kinds, strata)
    wide = cells.merge(wide, on="_cell", how="inner").drop(columns="_cell")
    timings["variance (engine)"] = time.perf_counter() - t0
    step("variance")
    keyed = ["_gid", *set_cols]
    long = _long(wide, keyed, plan)
    by_gid = {gids[g.cols]: g for g in grps}
    long["grouping"] = long["_gid"].map(lambda i: by_gid[i].name)
    long["_nested"] = long["_gid"].map(lambda i: by_gid[i].parent is not None)
    long = long[~(long["_nested"] & (long["side"] == "t"))]
    raw_rows = long.drop(columns="_gid").reset_index(drop=True)
    # sides -> the migrant column; nested cells say migrant themselves
    # nested groupings: the reference cell (uk / uk_born) is a non-migrant row, the others migrant rows
    is_ref = pd.Series(False, index=raw_rows.index)
    for col, ref in REFERENCE.items():
        if col in raw_rows:
            is_ref |= raw_rows[col] == ref
    nested, side = raw_rows["_nested"], raw_rows["side"]
    keep = ~nested | ((side == "y") & is_ref) | ((side == "x") & ~is_ref) | ((side == "gap") & ~is_ref)
    rows = raw_rows[keep].reset_index(drop=True)
    for c in group_cols:
        if c not in rows:
            rows[c] = TOTAL
        rows[c] = rows[c].fillna(TOTAL).astype(object)
    rows["migrant"] = rows["side"].map({"x": "true", "y": "false", "t": TOTAL, "gap": "true - false"})
    for col, ref in REFERENCE.items():
        nested_y = (rows["side"] == "y") & rows["_nested"] & (rows[col] == ref)
        rows.loc[nested_y, "migrant"] = "false"
        gap_nested = (rows["side"] == "gap") & rows["_nested"] & (rows[col] != TOTAL)
        rows.loc[gap_nested, "migrant"] = "true - false"
    # empty domains (nobody in the indicator's universe there) and one-sided gaps say nothing
    one_sided = (rows["side"] == "gap") & ((rows["n_x"].fillna(0) == 0) | (rows["n_y"].fillna(0) == 0))
    rows = rows[~(((rows["side"] != "gap") & (rows["n"] == 0)) | one_sided)].reset_index(drop=True)

    # one order whatever the engine returned, so that secondary suppression picks the same cells
    rows = rows.sort_values(["k", "grouping", *group_cols, "side"], kind="stable").reset_index(drop=True)
    finished = []
    # logit intervals are for proportions: gaps (differences) and means of other values keep t intervals
    proportion = rows["k"].map(lambda k: kinds[int(k)] == "proportion")
    for (is_gap, is_prop), part in rows.groupby([rows["side"] == "gap", proportion], sort=False):
        fin = finish(part.reset_index(drop=True), design=design, by=group_cols + ["k", "side", "grouping"],
                     kind="gap" if is_gap else "mean", ci="t" if ci == "logit" and (is_gap or not is_prop) else ci,
                     level=level, deff=None if is_gap else "replace")
        finished.append(fin)
    out = pd.concat(finished, ignore_index=True)
    out["measure"] = np.where(out["side"] == "gap", "gap", "estimate")

    # provenance
    meta = {}
    for k, ind in enumerate(chosen):
        meta[k] = dict(indicator_id=ind.id, label=ind.label.en, domain=ind.domain, kind=ind.compute.kind,
                       unit=ind.definition.unit, definition_version=ind.version or framework.version)
    prov = pd.DataFrame.from_dict(meta, orient="index")
    out = out.join(prov, on="k")
    out["source"] = source or ("synthetic" if synthetic else (mp.source if mp else Path(str(data)).stem))
    out["period"] = period or (mp.period if mp and mp.period else "2021")
    out["input"] = "microdata"
    out["synthetic"] = synthetic

    # the disclosure gate: estimates (with totals and nested groupings) together, gaps follow their sides
    est_rows = out[out["measure"] == "estimate"].reset_index(drop=True)
    gated = gate(est_rows, policy=policy, n_col="n", value_cols=["estimate", "se", "ci_low", "ci_high", "deff", "n_weighted"],
                 group_cols=group_cols, table_cols=["indicator_id"])
    gaps = out[out["measure"] == "gap"].reset_index(drop=True)
    gaps = _gate_gaps(gaps, gated.table, group_cols, policy)
    final = pd.concat([gated.table, gaps], ignore_index=True)
    order = OUTPUT + group_cols + STATS + ["flag", "suppressed", "suppression_reason"]
    final = final[order].sort_values(["indicator_id", "grouping", "measure"], kind="stable").reset_index(drop=True)

    report = gated.report
    manifest = {
        "data": str(data), "rows": counts.get("rows"), "synthetic": synthetic,
        "mapping": mp.path if mp else None, "source": final["source"].iloc[0] if len(final) else source,
        "design": {"weight": "weight" in derived.columns, "strata": "strata" in derived.columns, "psu": has_psu,
                   "fpc": bool(use_fpc), "singleton": singleton,
                   "replicate": ({"columns": list(replicate.columns), "type": replicate.type} if replicate else None),
                   "strata_count": design.summary.strata, "psus": design.summary.psus if has_psu else None,
                   "singleton_strata": len(design.summary.singleton_strata), "df": design.summary.degf},
        "framework_version": framework.version,
        "groupings": [g.name for g in groupings(by)],
        "computed": [{"indicator_id": i.id, "kind": i.compute.kind,
                      "rows": int((final.indicator_id == i.id).sum()),
                      "suppressed": int(final[(final.indicator_id == i.id)].suppressed.sum())} for i in chosen],
        "not_computed": skipped,
        "suppressed": {"rows": int(final.suppressed.sum()), "of": int(len(final)),
                       "policy": {"threshold": policy.threshold, "rounding_base": policy.rounding_base,
                                  "secondary": policy.secondary},
                       **_suppressed_by_reason(report, final)},
        "left_out": left_out,
        "seconds": round(time.perf_counter() - started, 2),
        "timings": {k: round(v, 3) for k, v in timings.items()},
    }
    # the cached tables live in this run's own in-memory connection and go with it
    return RunResult(final, manifest, report)


def _suppressed_by_reason(report: pd.DataFrame, final: pd.DataFrame) -> dict:
    """Hidden rows per reason; the reasons add up to the rows hidden."""
    kinds = report.drop_duplicates("row")["kind"] if len(report) else pd.Series(dtype=object)
    gaps = final[(final["measure"] == "gap") & final["suppressed"]]["suppression_reason"]
    side_hidden = int((gaps == GAP_SIDE_HIDDEN).sum())
    return {"primary": int((kinds == "primary").sum()), "secondary": int((kinds == "secondary").sum()),
            "gap_side_hidden": side_hidden, "gap_side_below_threshold": int(len(gaps) - side_hidden)}


def _left_out(coarse: pd.DataFrame, grps) -> dict:
    """Rows that a grouping leaves out because a label is missing (e.g. migrants with no year of arrival
    have no residence band), and rows whose migrant status is unknown (in `all`, in neither side).
    Counted from the coarse cells, so nothing leaves silently."""
    rows = coarse["_rows"]
    groups = {g.name: int(rows[coarse[list(g.cols)].isna().any(axis=1)].sum()) for g in grps if g.cols}
    return {"migrant_unknown": int(rows[coarse["migrant"].isna()].sum()), "groupings": groups,
            "note": "rows with a missing label are left out of the rows of that grouping (the overall and other "
                    "groupings keep them); rows with unknown migrant status count only in migrant=all"}


GAP_SIDE_HIDDEN = "hidden because one of the two groups compared is hidden"


def _gate_gaps(gaps: pd.DataFrame, gated: pd.DataFrame, group_cols, policy) -> pd.DataFrame:
    """A gap is hidden when either side is hidden (a gap and one side give the other away).

    For a nested grouping (e.g. EU8 minus non-migrants) the second side is the parent cell's
    non-migrant row, so both the cell and its parent are looked up."""
    gaps = gaps.copy()
    others = [c for c in group_cols if c != "migrant"]
    hidden = gated[gated["suppressed"]]
    keys = {(r.indicator_id, r.grouping, tuple(getattr(r, c) for c in others)) for r in hidden.itertuples()}
    flag = []
    for r in gaps.itertuples():
        cells = tuple(getattr(r, c) for c in others)
        key = (r.indicator_id, r.grouping, cells)
        parts = [c for c in r.grouping.split("+") if c not in NESTED] if r.grouping != "overall" else []
        parent = (r.indicator_id, "+".join(parts) or "overall",
                  tuple(TOTAL if c in NESTED else v for c, v in zip(others, cells)))
        small = [c for c in ("n_x", "n_y") if (getattr(r, c) or 0) < policy.threshold]
        flag.append(GAP_SIDE_HIDDEN if key in keys or parent in keys
                    else f"{small[0]} below the threshold of {policy.threshold}" if small else "")
    gaps["suppressed"] = [bool(f) for f in flag]
    gaps["suppression_reason"] = flag
    for c in ("estimate", "se", "ci_low", "ci_high", "deff", "n_weighted", "n"):
        gaps.loc[gaps["suppressed"], c] = np.nan
    if policy.rounding_base:
        gaps["n"] = (np.floor(gaps["n"] / policy.rounding_base + 0.5) * policy.rounding_base)
    return gaps


def write(result: RunResult, out_dir: str | Path) -> tuple[Path, Path]:
    """estimates.csv and manifest.json, written whole or not at all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv, man = out / "estimates.csv", out / "manifest.json"
    tmp_csv, tmp_man = out / ".estimates.csv.part", out / ".manifest.json.part"
    result.estimates.to_csv(tmp_csv, index=False)
    tmp_man.write_text(json.dumps(result.manifest, indent=2, default=str), encoding="utf-8")
    tmp_csv.replace(csv)
    tmp_man.replace(man)
    return csv, man
