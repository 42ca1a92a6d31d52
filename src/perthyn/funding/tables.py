"""Data tables behind a formula: read them, and check every column the formula names.

A table is a CSV next to the formula or one of the bundled real-data loaders in `perthyn.data`.
Checks: the column exists, every area has a value, values are numbers and never negative.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import pandas as pd

from perthyn.errors import Collector, InputErrors, Problem

from .formula import Column, Formula, TableSpec


@lru_cache(maxsize=32)
def _read_csv(path: str, key: str, mtime: float) -> pd.DataFrame:
    return pd.read_csv(path, dtype={key: str}, encoding="utf-8")


@lru_cache(maxsize=8)
def _read_loader(name: str) -> pd.DataFrame:
    table = getattr(importlib.import_module("perthyn.data"), name)()
    return table if isinstance(table, pd.DataFrame) else table.to_pandas()


def _read(spec: TableSpec, formula: Formula) -> pd.DataFrame:
    """A fresh copy of the table (files and loaders are read once and cached; a changed file is re-read)."""
    if spec.csv is not None:
        try:
            return _read_csv(str(spec.csv), spec.key, spec.csv.stat().st_mtime_ns).copy()
        except FileNotFoundError:
            raise InputErrors(Problem(f"data file {spec.csv} not found", file=formula.file, line=spec.line,
                                      column=f"tables.{spec.name}.csv", fix="check the path (it is relative to the formula)")) from None
    try:
        getattr(importlib.import_module("perthyn.data"), str(spec.loader))
    except (ImportError, AttributeError):
        raise InputErrors(Problem(f"no data loader perthyn.data.{spec.loader}", file=formula.file, line=spec.line,
                                  column=f"tables.{spec.name}.loader",
                                  fix="name a loader from perthyn.data, or use csv: FILE")) from None
    return _read_loader(str(spec.loader)).copy()


def load_tables(formula: Formula) -> dict[str, pd.DataFrame]:
    """Every table of the formula, indexed by its key column (as strings)."""
    out, errors = {}, Collector(file=formula.file)
    for name, spec in formula.tables.items():
        df = _read(spec, formula)
        if spec.key not in df.columns:
            errors.add(f"table has no key column '{spec.key}'", line=spec.line, column=f"tables.{name}.key",
                       fix=f"use one of its columns: {', '.join(map(str, df.columns))}")
            continue
        df[spec.key] = df[spec.key].astype(str)
        dup = df[spec.key][df[spec.key].duplicated()]
        if len(dup):
            errors.add(f"area codes repeated in table '{name}': {', '.join(sorted(set(dup)))}", line=spec.line,
                       column=f"tables.{name}.key", fix="keep one row per area")
        out[name] = df.set_index(spec.key, drop=False)
    errors.raise_if_any(f"{formula.file}: problems with the data tables")
    return out


def areas(formula: Formula, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """area_code, name_en, name_cy in the order of the area table."""
    df = tables[formula.area_table]
    errors = Collector(file=formula.file)
    for lang, col in (("en", formula.area_name.en), ("cy", formula.area_name.cy)):
        if col not in df.columns:
            errors.add(f"area table has no column '{col}'", line=formula.located.line(("areas", "name", lang)),
                       column=f"areas.name.{lang}", fix=f"use one of: {', '.join(map(str, df.columns))}")
    errors.raise_if_any()
    return pd.DataFrame({"area_code": df.index.astype(str), "name_en": df[formula.area_name.en].astype(str).values,
                         "name_cy": df[formula.area_name.cy].astype(str).values})


def values(col: Column, formula: Formula, tables: dict, codes: list[str], errors: Collector,
           *, what: str = "value", positive: bool = False) -> pd.Series:
    """One column's numbers for the given areas, reporting every missing area, blank or negative value."""
    spec = formula.tables[col.table]
    df = tables.get(col.table)
    if df is None:
        return pd.Series(0.0, index=codes)
    if col.column not in df.columns:
        errors.add(f"table '{col.table}' has no column '{col.column}'", line=col.line, column=col.path,
                   fix=f"use one of: {', '.join(map(str, df.columns))}")
        return pd.Series(0.0, index=codes)
    index = set(df.index)
    present = [c in index for c in codes]
    missing = [c for c, ok in zip(codes, present) if not ok]
    if missing:
        errors.add(f"{len(missing)} area(s) missing from table '{col.table}' used by {col.path}: {', '.join(missing[:8])}",
                   line=col.line, column=col.path, fix=f"add a row for every area to {spec.csv or spec.loader}")
    series = pd.to_numeric(df[col.column], errors="coerce")
    data_file = str(spec.csv or f"perthyn.data.{spec.loader}")
    wanted = series.reindex([c for c, ok in zip(codes, present) if ok])
    bad = wanted.isna() | (wanted < 0) | ((wanted == 0) if positive else False)
    if bad.any():                                  # only the bad rows are looked at one by one
        rows = {code: i + 1 for i, code in enumerate(df.index)}
        for code in wanted.index[bad.to_numpy()]:
            v, raw = wanted.loc[code], df[col.column].loc[code]
            where = dict(file=data_file, line=rows[code] + 1, row=rows[code], column=col.column)
            if pd.isna(v):
                errors.add(f"{what} for area {code} is blank or not a number ({raw!r}), needed by {col.path} "
                           f"(formula line {col.line})", fix="give a number", **where)
            elif v < 0:
                errors.add(f"negative {what} {v:g} for area {code}, needed by {col.path} (formula line {col.line})",
                           fix="populations and rates cannot be negative", **where)
            else:
                errors.add(f"{what} for area {code} is zero, needed by {col.path} (formula line {col.line})",
                           fix="an index must be above zero", **where)
    return series.reindex(codes).fillna(0.0).astype(float)
