"""Every framework indicator the data can support, for migrants and the rest, through the disclosure gate.

    result = run_framework("people.parquet", mapping="aps", out="results/")

What is computed: for each indicator with a `compute` whose columns the data have, per grouping
(overall, migrant group, residence band, age group, sex, area, area x migrant group, plus any --by
columns) the estimate for migrants, for non-migrants and for everyone, and the gap migrants minus
non-migrants (or each migrant group minus non-migrants), with design-based SEs.

Why it is batched, and why there is still one variance implementation: calling the estimator once
per indicator and domain would scan the data hundreds of times. Here the staged rows are scanned once
(GROUP BY GROUPING SETS over every grouping, with migrant status and the PSU as keys) into PSU-level
totals of every indicator, the sides are pivoted into components x (migrants), y (the rest) and t
(everyone), all groupings are stacked into one small table, and the engine's own variance path
(perthyn.estimate.estimators.from_sums: domain totals, influence per PSU, deviations from the stratum
mean, fpc, singleton policy, replicate weights) runs once over it. A gap is the engine's two-term
contrast x - y on the same PSUs, so its covariance is included. Without PSUs each row is its own PSU.
Intervals, df, deff and flags come from perthyn.estimate.intervals.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import numpy as np
import pandas as pd

from perthyn.disclosure import DisclosurePolicy, gate
from perthyn.estimate import linearize
from perthyn.estimate.design import Design
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


# --- one scan to component totals, then the engine's variance path per grouping ------------------

SIDES = {"x": "migrant", "y": "NOT migrant", "t": "TRUE"}   # migrants, the rest, everyone


def _fetch(con, sql: str) -> pd.DataFrame:
    return con.raw_sql(sql).df()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _gid(cols: tuple[str, ...], group_cols: list[str]) -> int:
    """DuckDB's GROUPING(...) bitmask for a grouping set: bit set = column rolled up."""
    n = len(group_cols)
    return sum(1 << (n - 1 - i) for i, c in enumerate(group_cols) if c not in cols)


def _row_values(k: int, kind: str, replicate) -> dict[str, str]:
    """Per indicator k, the row values whose sums the engine needs (estimators.component_sums), as SQL.
    With a denominator of 1 (proportions, means) w*d = the weighted count, so fewer sums are scanned."""
    u = f"u{k}"
    vals = {"wy": f"_w*y{k}", "k": "1", "wk": "_w"}
    if kind == "ratio":
        vals.update(wd=f"_w*d{k}", wyy=f"_w*y{k}*y{k}", wyd=f"_w*y{k}*d{k}", wdd=f"_w*d{k}*d{k}")
    elif kind == "mean":
        vals.update(wyy=f"_w*y{k}*y{k}")
    for r, col in enumerate(replicate.columns if replicate else ()):
        vals[f"ry_{r}"] = f"{_q(col)}*y{k}"
        vals[f"rd_{r}"] = f"{_q(col)}*d{k}"
    return {name: f"CASE WHEN {u} THEN {v} ELSE 0 END" for name, v in vals.items()}


def _derived(k: int, kind: str, side: str) -> dict[str, str]:
    """Sums that equal others when the denominator is 1 (see _row_values)."""
    c = f"{side}{k}"
    out = {}
    if kind != "ratio":
        out.update({f"wd{c}": f"wk{c}", f"wyd{c}": f"wy{c}", f"wdd{c}": f"wk{c}"})
    if kind == "proportion":
        out[f"wyy{c}"] = f"wy{c}"
    return out


def _cell_sql(table: str, sets, group_cols: list[str], kinds: list[str], keys: list[str], replicate,
              t_from_sides: bool = False) -> str:
    """One scan, every grouping (GROUPING SETS): per cell and PSU the sums of every indicator's row
    values for each side -- component x{k} (migrants), y{k} (the rest), t{k} (everyone, including
    rows whose migrant status is unknown) -- named as the engine's component sums (wy{s}, k{s}, ...)."""
    cols = []
    for k, kind in enumerate(kinds):
        for name, v in _row_values(k, kind, replicate).items():
            stem, _, rep = name.partition("_")
            for side, cond in SIDES.items():
                if side == "t" and t_from_sides:
                    continue
                out = f"{stem}{side}{k}" + (f"_{rep}" if rep else "")
                inner = v if side == "t" else v.replace("CASE WHEN ", f"CASE WHEN {cond} AND ", 1)
                cols.append(f"SUM({inner}) AS {out}")
    gs = ", ".join("(" + ", ".join([*map(_q, st), *keys]) + ")" for st in sets)
    gcols = ", ".join(map(_q, group_cols))
    return (f"SELECT {gcols}, {', '.join(keys)}{',' if keys else ''} GROUPING({gcols}) AS _gid, {', '.join(cols)} "
            f"FROM {table} GROUP BY GROUPING SETS ({gs})")


def _component_names(k: int, kind: str, side: str, replicate) -> list[str]:
    names = []
    for name in _row_values(k, kind, replicate):
        stem, _, rep = name.partition("_")
        names.append(f"{stem}{side}{k}" + (f"_{rep}" if rep else ""))
    return names


def _grouping_sql(sides: str, grp: "Grouping", gids: dict, set_cols: list[str], kinds: list[str], keys: list[str],
                  replicate, t_from_sides: bool = False) -> str:
    """Component totals for one grouping, with columns shared by every grouping (_gid, all grouping
    columns -- 'all' where rolled up --, the PSU keys, x/y/t components) so that all groupings stack
    into one table for one call of estimators.from_sums. A nested grouping (e.g. migrant group)
    compares each cell's migrants with its parent cell's non-migrants: the parent's y totals are
    repeated for every child cell, PSU by PSU; it has no t side."""
    cols, gid = list(grp.cols), gids[grp.cols]
    comps = {side: [c for k, kind in enumerate(kinds) for c in _component_names(k, kind, side, replicate)]
             for side in SIDES}
    derived = {side: {} for side in SIDES}
    for k, kind in enumerate(kinds):
        for side in SIDES:
            derived[side].update(_derived(k, kind, side))
    labels = [f"{_q(c) if c in cols else repr(TOTAL)} AS {_q(c)}" for c in set_cols]
    if grp.parent is None:
        if t_from_sides:   # everyone = migrants + the rest when no row's status is unknown (a third fewer sums to scan)
            both = {t: f"({x} + {y})" for t, x, y in zip(comps["t"], comps["x"], comps["y"])}
            t_cols = [f"{v} AS {t}" for t, v in both.items()]
            derived["t"] = {n: both[v] for n, v in derived["t"].items()}
        else:
            t_cols = comps["t"]
        out = [f"{gid} AS _gid", *labels, *keys, *comps["x"], *comps["y"], *t_cols,
               *(f"{v} AS {n}" for side in SIDES for n, v in derived[side].items())]
        return f"SELECT {', '.join(out)} FROM {sides} WHERE _gid = {gid}"
    parent = list(grp.parent)
    xs, ys = [*comps["x"], *derived["x"]], [*comps["y"], *derived["y"]]
    # equality joins: cells with a missing value are left out by the engine anyway
    on = " AND ".join(f"c.{_q(c)} = r.{_q(c)}" for c in [*cols, *keys]) or "TRUE"
    join_parent = ("JOIN p ON " + " AND ".join(f"cells.{_q(c)} = p.{_q(c)}" for c in parent)
                   if parent else "CROSS JOIN p")
    pick = [f"COALESCE(c.{_q(c)}, r.{_q(c)}) AS {_q(c)}" for c in [*cols, *keys]]
    labels = [f"{repr(TOTAL)} AS {_q(c)}" for c in set_cols if c not in cols]
    zeros = [f"0.0 AS {n}" for n in [*comps["t"], *derived["t"]]]
    return f"""
    WITH c AS (SELECT {', '.join([*map(_q, cols), *keys, *comps["x"], *(f"{v} AS {n}" for n, v in derived["x"].items())])}
               FROM {sides} WHERE _gid = {gid}),
         p AS (SELECT {', '.join([*map(_q, parent), *keys, *comps["y"], *(f"{v} AS {n}" for n, v in derived["y"].items())])}
               FROM {sides} WHERE _gid = {gids[grp.parent]}),
         cells AS (SELECT DISTINCT {', '.join(map(_q, cols))} FROM c),
         r AS (SELECT {', '.join([*(f"cells.{_q(c)}" for c in cols), *(f"p.{k}" for k in keys),
                                  *(f"p.{n}" for n in ys)])} FROM cells {join_parent})
    SELECT {', '.join([f"{gid} AS _gid", *pick, *labels, *(f"COALESCE(c.{n}, 0) AS {n}" for n in xs),
                       *(f"COALESCE(r.{n}, 0) AS {n}" for n in ys), *zeros])}
    FROM c FULL OUTER JOIN r ON {on}"""


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
    con = con or ibis.duckdb.connect()
    try:
        con.raw_sql("SET enable_progress_bar = false")
    except Exception:
        pass
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
    out += ["-- 3. staged once: group, design and indicator columns per person",
            f"CREATE TEMP TABLE staged AS\n{sql(staged)};", ""]
    grps = groupings(tuple(by or ()))
    set_cols = [c for c in prep.group_cols if c != "migrant"]
    keys = [] if replicate else ["_h", "_p"]
    out += ["-- 4. the aggregation: one scan, every grouping (GROUPING SETS), sums per cell, PSU and side "
            "(x migrants, y the rest, t everyone; when no row has an unknown migrant status the run takes t as x + y)",
            _cell_sql("staged", [g.cols for g in grps], set_cols, prep.kinds, keys, replicate) + ";", "",
            "-- 5. the variance: these sums go through the estimate engine's from_sums (domain totals, influence "
            "per PSU, deviations from the stratum means), as `perthyn estimate mean --show-sql` prints it."]
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
                  fpc: bool = True, replicate=None) -> RunResult:
    """Compute, gate and describe every supported indicator. `data` is a path (Parquet/CSV).

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
    con, raw = read_data(data)
    synthetic = is_synthetic(data, raw)
    mp = load_mapping(mapping) if mapping else None
    table = apply_mapping(mp, raw, file=str(data)) if mp else raw
    step("validate")
    t0 = time.perf_counter()
    counts = validate(table, file=str(data), unique_ids=validate_ids)
    timings["validate"] = time.perf_counter() - t0
    by = tuple(by or ())
    framework = fw_mod.load()
    prep = _prepare(data, table, framework, mp, synthetic, by, indicators, replicate, fpc)
    derived, chosen, skipped, kinds = prep.derived, prep.chosen, prep.skipped, prep.kinds
    K = len(chosen)
    has_psu, use_fpc, group_cols, base_expr = prep.has_psu, prep.use_fpc, prep.group_cols, prep.base
    step("prepare")
    t0 = time.perf_counter()
    # staged once: derivation and the indicators' expressions are evaluated once per row, not per grouping
    name = f"perthyn_base_{id(base_expr)}"
    base = con.create_table(name, base_expr, temp=True)
    timings["derive_and_stage"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    # the engine's design over the staged rows: its checks give the strata, df and singleton strata
    design = Design(base, weight="_w", strata="_h", psu="_p", fpc="_fpc" if use_fpc else None,
                    singleton=singleton, replicate=replicate, source=str(data))
    timings["design"] = time.perf_counter() - t0

    results = []
    grps = groupings(by)
    set_cols = [c for c in group_cols if c != "migrant"]   # migrant is a side of every cell, not a key
    gids = {g.cols: _gid(g.cols, set_cols) for g in grps}
    keys = [] if replicate else ["_h", "_p"]
    t0 = time.perf_counter()
    sides_name = f"{name}_sides"
    left_out = _left_out(con, name, grps, set_cols)
    t_from_sides = left_out["migrant_unknown"] == 0
    con.raw_sql(f"CREATE TEMP TABLE {sides_name} AS "
                f"{_cell_sql(name, [g.cols for g in grps], set_cols, kinds, keys, replicate, t_from_sides)}")
    strata = None
    if not replicate:
        # every PSU of the design (PSUs outside a domain count as zeros), with the fpc
        fpc_sql = ", MAX(_fpc) AS _fpc" if use_fpc else ""
        con.raw_sql(f"CREATE TEMP TABLE {name}_psus AS SELECT _h, _p{fpc_sql} FROM {name} GROUP BY _h, _p")
        strata = linearize.strata_table(design, con.table(f"{name}_psus", database="temp"), base)
    timings["aggregate_all_groupings"] = time.perf_counter() - t0
    step("aggregate")
    # every grouping stacked into one table of component totals, then one call of the engine
    t0 = time.perf_counter()
    # one integer key per cell (a hash of grouping id and labels): the engine's joins and groupings
    # then run on one BIGINT rather than seven strings; the labels come back from the small cell list
    cell_key = "(hash(_gid::INTEGER, " + ", ".join(_q(c) for c in set_cols) + ") >> 1)::BIGINT AS _cell"
    comp_cols = [c for k, kind in enumerate(kinds) for side in SIDES for c in _component_names(k, kind, side, replicate)]
    comp_cols += [n for k, kind in enumerate(kinds) for side in SIDES for n in _derived(k, kind, side)]
    parts = [f"SELECT {cell_key}, {', '.join([*keys, *comp_cols])} "
             f"FROM ({_grouping_sql(sides_name, g, gids, set_cols, kinds, keys, replicate, t_from_sides)})"
             for g in grps]
    labels = [f"SELECT DISTINCT {gids[g.cols]} AS _gid, "
              + ", ".join(f"{_q(c) if c in g.cols else repr(TOTAL)} AS {_q(c)}" for c in set_cols)
              + f" FROM {sides_name} WHERE _gid = {gids[g.cols]}"
              + "".join(f" AND {_q(c)} IS NOT NULL" for c in g.cols) for g in grps]
    cells = _fetch(con, f"SELECT {cell_key}, * FROM ({' UNION ALL '.join(labels)})")
    if cells["_cell"].duplicated().any():   # a 64-bit hash collision: never seen, but never silent
        raise RuntimeError("cell keys collide; rerun with different --by columns")
    stacked = f"{name}_stacked"
    con.raw_sql(f"CREATE TEMP VIEW {stacked} AS {' UNION ALL '.join(parts)}")
    timings["stack_groupings"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = _estimator_groups(K)
    wide = from_sums(design, con.table(stacked, database="temp"), [terms for _, _, terms in plan], ["_cell"],
                     strata=strata).execute()
    # cells with a missing label (e.g. unknown sex) are left out, as the engine leaves out missing by values
    wide = cells.merge(wide, on="_cell", how="inner").drop(columns="_cell")
    timings["variance (engine)"] = time.perf_counter() - t0
    step("variance")
    keyed = ["_gid", *set_cols]
    long = _long(wide, keyed, plan)
    by_gid = {gids[g.cols]: g for g in grps}
    long["grouping"] = long["_gid"].map(lambda i: by_gid[i].name)
    long["_nested"] = long["_gid"].map(lambda i: by_gid[i].parent is not None)
    long = long[~(long["_nested"] & (long["side"] == "t"))]
    results.append(long.drop(columns="_gid"))
    con.raw_sql(f"DROP VIEW IF EXISTS {stacked}")
    con.raw_sql(f"DROP TABLE IF EXISTS {sides_name}")
    con.raw_sql(f"DROP TABLE IF EXISTS {name}_psus")

    raw_rows = pd.concat(results, ignore_index=True)
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
    try:
        con.raw_sql(f"DROP TABLE IF EXISTS {name}")
    except Exception:
        pass
    return RunResult(final, manifest, report)


def _suppressed_by_reason(report: pd.DataFrame, final: pd.DataFrame) -> dict:
    """Hidden rows per reason; the reasons add up to the rows hidden."""
    kinds = report.drop_duplicates("row")["kind"] if len(report) else pd.Series(dtype=object)
    gaps = final[(final["measure"] == "gap") & final["suppressed"]]["suppression_reason"]
    side_hidden = int((gaps == GAP_SIDE_HIDDEN).sum())
    return {"primary": int((kinds == "primary").sum()), "secondary": int((kinds == "secondary").sum()),
            "gap_side_hidden": side_hidden, "gap_side_below_threshold": int(len(gaps) - side_hidden)}


def _left_out(con, table: str, grps, set_cols) -> dict:
    """Rows that a grouping leaves out because a label is missing (e.g. migrants with no year of arrival
    have no residence band), and rows whose migrant status is unknown (in `all`, in neither side).
    Counted in the one query that checks for unknown migrant status, so nothing leaves silently."""
    named = [g for g in grps if g.cols]
    sums = ["COUNT(*) FILTER (WHERE migrant IS NULL) AS migrant_unknown"]
    sums += [f"COUNT(*) FILTER (WHERE {' OR '.join(f'{_q(c)} IS NULL' for c in g.cols)}) AS g{i}"
             for i, g in enumerate(named)]
    got = _fetch(con, f"SELECT {', '.join(sums)} FROM {table}").iloc[0]
    groups = {g.name: int(got[f"g{i}"]) for i, g in enumerate(named)}
    return {"migrant_unknown": int(got["migrant_unknown"]), "groupings": groups,
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
