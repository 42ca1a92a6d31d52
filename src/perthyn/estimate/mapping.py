"""Mapping files: turn a source's variables (APS, census microdata, ...) into the person schema.

A mapping (definitions/mappings/<id>.yaml) says, for each person-schema column, where it comes from:

    sex: {from: SEX, codes: {1: male, 2: female}}           # recode (keys are the source's codes)
    weight: {from: [PWTA22, PWTA18]}                          # the first of these present in the data
    country_of_birth: {from: CRY12, codes_from: ons_country_codes, missing: [-8, -9]}
    weight: {value: 1.0}                                      # a constant

`missing` lists source codes meaning "no answer" (they become empty). A source code that is neither in
`codes` nor in `missing` is an error naming the variable, the code, how many rows and example rows:
rows are never dropped or recoded silently. The result is an Ibis expression (no data is copied).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ibis
import ibis.expr.types as ir

from perthyn.errors import Collector
from perthyn.yamlfile import key_path, read

from .schema import ROW, numbered, person_schema

KEYS = {"from", "value", "codes", "codes_from", "missing"}
TOP = {"id", "version", "label", "source", "period", "input", "columns"}


@dataclass(frozen=True)
class ColumnMap:
    target: str
    sources: tuple[str, ...] = ()
    value: object = None
    codes: tuple[tuple[str, object], ...] | None = None
    missing: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Mapping:
    id: str
    version: str
    label: dict
    source: str
    period: str
    input: str
    columns: tuple[ColumnMap, ...]
    path: str

    def column(self, target: str) -> ColumnMap | None:
        return next((c for c in self.columns if c.target == target), None)


def mappings_dir() -> Path:
    return Path(str(resources.files("perthyn.definitions").joinpath("mappings")))


def bundled() -> list[str]:
    return sorted(p.stem for p in mappings_dir().glob("*.yaml") if p.stem not in ("ons_country_codes", "aggregates"))


@lru_cache(maxsize=8)
def code_list(name: str) -> tuple[tuple[str, object], ...]:
    problems = Collector()
    doc = read(mappings_dir() / f"{name}.yaml", problems)
    problems.raise_if_any()
    return tuple((str(k), v) for k, v in doc.data["codes"].items())


def _key(v) -> str:
    # YAML keys arrive as strings; make 1, 1.0 and "1" meet
    text = str(v).strip()
    try:
        f = float(text)
        return str(int(f)) if f.is_integer() else text
    except ValueError:
        return text


def load_mapping(ref: str | Path) -> Mapping:
    """A bundled mapping by id (e.g. 'aps') or a YAML file path; every problem in it reported at once."""
    path = Path(ref)
    if not path.suffix:
        path = mappings_dir() / f"{ref}.yaml"
        if not path.exists():
            from perthyn.errors import InputErrors, Problem
            raise InputErrors(Problem(f"no bundled mapping '{ref}'", fix=f"use one of {', '.join(bundled())} or a .yaml path"))
    problems = Collector(file=str(path))
    doc = read(path, problems)
    problems.raise_if_any("The mapping file cannot be read")
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in sorted(set(data) - TOP):
        problems.add(f"unknown key '{key}'", line=doc.line((key,)), column=key, fix=f"keys are: {', '.join(sorted(TOP))}")
    for key in ("id", "source", "columns"):
        if key not in data:
            problems.add(f"'{key}' is missing", line=1, column=key, fix="see definitions/mappings/aps.yaml for the layout")
    schema = person_schema()
    columns = []
    for target, spec in (data.get("columns") or {}).items():
        path_ = ("columns", target)
        where = dict(line=doc.line(path_), column=key_path(path_))
        if target not in schema:
            problems.add(f"'{target}' is not a person-schema column", fix="see definitions/person_schema.yaml", **where)
            continue
        if not isinstance(spec, dict):
            problems.add("expected a mapping such as {from: VAR}", **where)
            continue
        for k in sorted(set(spec) - KEYS):
            problems.add(f"unknown key '{k}'", fix=f"keys are: {', '.join(sorted(KEYS))}", line=doc.line(path_ + (k,)),
                         column=key_path(path_ + (k,)))
        if ("from" in spec) == ("value" in spec):
            problems.add("give exactly one of 'from' (source variable) or 'value' (a constant)", **where)
            continue
        sources = spec.get("from")
        sources = tuple(map(str, sources if isinstance(sources, list) else [sources])) if sources is not None else ()
        codes = None
        if "codes_from" in spec:
            try:
                codes = code_list(str(spec["codes_from"]))
            except Exception:
                problems.add(f"unknown code list '{spec['codes_from']}'", fix="use ons_country_codes", **where)
        if "codes" in spec:
            codes = (codes or ()) + tuple((_key(k), v) for k, v in (spec["codes"] or {}).items())
        spec_codes = schema[target].codes
        for _, v in codes or ():
            if v is not None and spec_codes and str(v) not in spec_codes:
                problems.add(f"recodes to '{v}', which is not in the code list of {target}",
                             fix=f"use one of: {', '.join(spec_codes)}", **where)
        missing = tuple(_key(m) for m in spec.get("missing", []) or [])
        columns.append(ColumnMap(target, sources, spec.get("value"), codes, missing, doc.line(path_)))
    problems.raise_if_any("The mapping file has problems")
    return Mapping(str(data["id"]), str(data.get("version", "1")), data.get("label") or {}, str(data["source"]),
                   str(data.get("period", "")), str(data.get("input", "microdata")), tuple(columns), str(path))


def _as_text(col: ir.Value) -> ir.StringValue:
    t = col.type()
    if t.is_floating():
        col = ibis.ifelse(col == col.round(), col.cast("int64").cast("string"), col.cast("string"))
        return col
    return col.cast("string").strip()


def _typed(expr, kind: str):
    return {"integer": lambda e: e.cast("float64").cast("int64"), "float": lambda e: e.cast("float64"),
            "boolean": lambda e: e.cast("string").lower().isin(["true", "1", "t", "yes"]),
            "date": lambda e: e.cast("date")}.get(kind, lambda e: e.cast("string"))(expr)


def apply_mapping(mapping: Mapping, table: ir.Table, *, file: str | None = None, examples: int = 5) -> ir.Table:
    """The source table as person-schema columns; raises InputErrors for absent variables or unmapped codes."""
    schema = person_schema()
    problems = Collector(file=file)
    chosen: dict[str, str | None] = {}
    for cm in mapping.columns:
        if cm.sources:
            found = next((s for s in cm.sources if s in table.columns), None)
            if found is None:
                if schema[cm.target].required:
                    problems.add(f"source variable {' or '.join(cm.sources)} not in the data (needed for {cm.target})",
                                 column=cm.sources[0], fix=f"check the file, or edit {mapping.path} line {cm.line}")
                chosen[cm.target] = None
            else:
                chosen[cm.target] = found
    problems.raise_if_any(f"The data do not fit the mapping '{mapping.id}'")

    t = numbered(table)
    out, checks = {}, []
    for cm in mapping.columns:
        kind = schema[cm.target].type
        if not cm.sources:
            out[cm.target] = _typed(ibis.literal(cm.value), kind)
            continue
        src = chosen.get(cm.target)
        if src is None:
            continue  # optional column absent: the run reports what it cannot compute
        col = t[src]
        text = _as_text(col)
        if cm.missing:
            text = ibis.ifelse(text.isin(list(cm.missing)), ibis.null("string"), text)
        if cm.codes is not None:
            known = [k for k, _ in cm.codes] + list(cm.missing)
            checks.append((src, cm.target, text.notnull() & ~text.isin(known), "codes"))
            cases = [(text == k, ibis.literal(None if v is None else str(v), "string")) for k, v in cm.codes]
            value = ibis.cases(*cases, else_=ibis.null("string")) if cases else ibis.null("string")
        elif kind in ("integer", "float"):
            value = text
            number = text.try_cast("float64")
            bad = text.notnull() & number.isnull()
            if kind == "integer":   # 34.5 is not an age in completed years: never rounded silently
                bad = bad | (number.notnull() & (number != number.round()))
            checks.append((src, cm.target, bad, kind))
        else:
            value = text
        out[cm.target] = _typed(value, kind).name(cm.target) if cm.codes is None or kind != "boolean" else \
            ibis.ifelse(value.isnull(), ibis.null("boolean"), value == "True")
    if checks:
        counts = t.aggregate(**{f"c{i}": c.cast("int64").sum() for i, (_, _, c, _) in enumerate(checks)}).execute()
        for i, (src, target, cond, what) in enumerate(checks):
            n = int(counts[f"c{i}"].iloc[0] or 0)
            if n:
                ex = t.filter(cond).order_by(ROW).limit(examples).select(ROW, src).execute()
                values = ", ".join(sorted({repr(v) for v in ex[src].tolist()}))
                rows = tuple(int(r) for r in ex[ROW])
                if what == "codes":
                    problems.add(f"value(s) {values} not in the mapping for {target}", column=src, count=n, rows=rows,
                                 fix=f"add the code(s) under columns.{target}.codes (or .missing) in {mapping.path}")
                else:
                    number = "a whole number" if what == "integer" else "a number"
                    problems.add(f"value(s) {values} in {src} (mapped to {target}) must be {number}", column=src,
                                 count=n, rows=rows,
                                 fix=f"correct the value(s) in the data to {number}"
                                     + (" in completed years" if target == "age" else "")
                                     + f", or, if a code means no answer, list it under columns.{target}.missing "
                                       f"in {mapping.path}")
    problems.raise_if_any(f"The data do not fit the mapping '{mapping.id}'")
    return t.select(ROW, **out)
