"""Validate a table against the standard person schema (definitions/person_schema.yaml).

Every check runs as one aggregate query in the engine (DuckDB or PySpark through Ibis), so a 10-million
row file is checked in one pass; example rows are fetched only for checks that fail. Each problem names
the column, the number of rows affected and example row numbers (1-based, in file order), and says how
to fix it. Nothing is dropped: a table either passes whole or the run stops with every problem listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ibis
import ibis.expr.types as ir
import yaml

from perthyn.errors import Collector, InputErrors

ROW = "__perthyn_row"
DESIGN = ("weight", "strata", "psu", "fpc")
# derived columns are computed by perthyn.people when absent, so they are checked only when present
TYPE_FIX = {
    "integer": "whole numbers (e.g. 34)", "float": "numbers (e.g. 1.25)", "boolean": "true/false (or 1/0)",
    "date": "ISO dates (YYYY-MM-DD)", "string": "text", "category": "text codes from the code list",
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool
    derived: bool
    codes: tuple[str, ...]
    description: str


@lru_cache(maxsize=1)
def person_schema() -> dict[str, ColumnSpec]:
    raw = yaml.safe_load(resources.files("perthyn.definitions").joinpath("person_schema.yaml").read_text("utf-8"))
    return {name: ColumnSpec(name, spec["type"], bool(spec.get("required")), bool(spec.get("derived")),
                             tuple(spec.get("codes", ())), spec.get("description", ""))
            for name, spec in raw["columns"].items()}


def _type_ok(dtype, kind: str) -> bool:
    if dtype.is_null():
        return True
    if kind in ("string", "category"):
        return dtype.is_string()
    if kind == "integer":
        return dtype.is_integer()
    if kind == "float":
        return dtype.is_numeric()
    if kind == "boolean":
        return dtype.is_boolean()
    if kind == "date":
        return dtype.is_date() or dtype.is_timestamp()
    return True


def numbered(table: ir.Table) -> ir.Table:
    """The table with 1-based row numbers in file order (DuckDB keeps insertion order when scanning)."""
    return table if ROW in table.columns else table.mutate(**{ROW: ibis.row_number() + 1})


def _rebind(cond, old: ir.Table, new: ir.Table):
    """The same condition over the numbered table (Ibis expressions are bound to one table)."""
    return cond.op().replace({old.op(): new.op()}).to_expr() if old is not new else cond


def validate(table: ir.Table, *, file: str | None = None, examples: int = 5, unique_ids: bool = True,
             nesting: bool = True) -> dict:
    """Check `table` against the person schema; raise InputErrors listing every problem, else return counts.
    nesting=False leaves out the check that PSUs are nested in strata, for a caller that checks it on
    fewer rows (and calls this again with it when that check fails, for this message)."""
    schema = person_schema()
    problems = Collector(file=file)
    cols = table.columns

    for spec in schema.values():
        if spec.required and spec.name not in cols:
            problems.add("required column is missing", column=spec.name,
                         fix=f"add it, or map a source variable to it in the mapping file ({spec.description})")
    typed = {}
    for name in cols:
        spec = schema.get(name)
        if spec is None:
            continue
        if not _type_ok(table[name].type(), spec.type):
            problems.add(f"column has type {table[name].type()} but the schema says {spec.type}", column=name,
                         fix=f"give {TYPE_FIX[spec.type]}, or recode it in the mapping file")
        else:
            typed[name] = spec
    problems.raise_if_any("The data do not fit the person schema")

    t = table
    checks: list[tuple[str, str, ir.BooleanValue, str]] = []
    coded: dict[int, tuple] = {}   # code-list checks, counted from each column's values (below)
    for name, spec in typed.items():
        col = t[name]
        if spec.required:
            empty = col.isnull() | (col == "") if spec.type in ("string", "category") else col.isnull()
            checks.append((name, "required value is empty", empty, "fill it in; rows are never dropped silently"))
        if spec.codes:
            outside = col.notnull() & ~col.isin(list(spec.codes))
            checks.append((name, "value outside the code list", outside,
                           f"use one of: {', '.join(spec.codes)} (recode in the mapping file)"))
            coded[len(checks) - 1] = spec.codes
    if "weight" in typed:
        checks.append(("weight", "weight is not positive", t.weight.isnull() | (t.weight <= 0),
                       "weights must be > 0: remove out-of-scope rows upstream or correct the weight"))
    if "age" in typed:
        checks.append(("age", "age outside 0-120", t.age.notnull() & ((t.age < 0) | (t.age > 120)),
                       "give age in completed years"))
    if "psu" in typed:
        checks.append(("psu", "PSU is empty", t.psu.isnull(), "give every row its primary sampling unit"))

    counts = {}
    if checks:
        agg = t.aggregate(**{f"c{i}": c[2].cast("int64").sum() for i, c in enumerate(checks) if i not in coded},
                          rows=t.count()).execute()
        # a code list is checked on the column's distinct values and their counts (a small grouping per
        # column, several times faster than testing every row against the list)
        if coded:
            values = ibis.union(*[t.group_by(checks[i][0]).aggregate(_n=t.count()).select(
                _check=ibis.literal(i), _value=ibis._[checks[i][0]].cast("string"), _n=ibis._["_n"]) for i in coded]).execute()
            for i, codes in coded.items():
                mine = values[(values["_check"] == i) & values["_value"].notna()]
                agg[f"c{i}"] = int(mine.loc[~mine["_value"].isin([str(c) for c in codes]), "_n"].sum())
        counts["rows"] = int(agg["rows"].iloc[0])
        for i, (col, message, cond, fix) in enumerate(checks):
            n = int(agg[f"c{i}"].iloc[0] or 0)
            if n:
                nt = numbered(table)
                hit = nt.filter(_rebind(cond, t, nt)).order_by(ROW).limit(examples).select(ROW, col).execute()
                values = ", ".join(sorted({repr(v) for v in hit[col].tolist()}))
                problems.add(f"{message}" + (f" ({values})" if "code list" in message else ""), column=col,
                             count=n, rows=tuple(int(r) for r in hit[ROW]), fix=fix)

    if nesting and "psu" in typed and "strata" in typed:
        per_psu = t.group_by("psu").aggregate(k=t.strata.nunique())
        bad = per_psu.filter(per_psu.k > 1)
        nbad = int(bad.count().execute())
        if nbad:
            n_rows = int(t.semi_join(bad, "psu").count().execute())
            ex = numbered(table).semi_join(bad, "psu").order_by(ROW).limit(examples).execute()
            problems.add(f"PSUs not nested in strata: {nbad} PSU(s) appear in more than one stratum "
                         f"(e.g. {', '.join(map(repr, sorted(set(ex['psu']))))})", column="psu", count=n_rows,
                         rows=tuple(int(r) for r in ex[ROW]),
                         fix="PSU ids must be unique across strata: prefix them with the stratum (stratum-psu)")
    if "person_id" in typed and unique_ids:
        dup = t.group_by("person_id").aggregate(k=t.count()).filter(ibis._.k > 1)
        ndup = int(dup.count().execute())
        if ndup:
            ex = numbered(table).semi_join(dup, "person_id").order_by(ROW).limit(examples).execute()
            problems.add(f"person_id is not unique: {ndup} id(s) repeat", column="person_id",
                         count=int(dup.k.sum().execute()), rows=tuple(int(r) for r in ex[ROW]),
                         fix="one row per person: remove duplicate records or make ids unique")
    problems.raise_if_any("The data do not fit the person schema")
    return counts


__all__ = ["ColumnSpec", "InputErrors", "numbered", "person_schema", "validate"]
