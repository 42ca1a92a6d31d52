"""Where the bundled files are, how to read them strictly, and the provenance each table carries."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from perthyn.errors import Collector, InputErrors, Problem


def reference_dir() -> Path:
    return Path(str(resources.files("perthyn.data") / "reference"))


@lru_cache(maxsize=None)
def _datasets() -> dict:
    return yaml.safe_load((reference_dir() / "datasets.yaml").read_text(encoding="utf-8"))


def dataset_info(name: str) -> dict:
    info = _datasets()["datasets"].get(name)
    if info is None:
        raise InputErrors(Problem(f"no bundled dataset {name!r}", fix=f"Use one of: {', '.join(_datasets()['datasets'])}."))
    return info


def attach(df: pd.DataFrame, name: str, **fill) -> pd.DataFrame:
    """Attach provenance (source, table, period, licence, file) to df.attrs; `fill` formats {year}-style fields."""
    info = dataset_info(name)
    prov = {k: str(info[k]).format(**fill) for k in ("source", "table", "period", "file")}
    prov["licence"] = _datasets()["licences"][info["licence"]]
    prov["dataset"] = name
    df.attrs["provenance"] = prov
    return df


def provenance(df: pd.DataFrame) -> dict:
    """The provenance a loader attached (empty dict if none)."""
    return dict(df.attrs.get("provenance", {}))


def read_rows(relpath: str, *, encoding: str = "utf-8") -> tuple[str, list[str], list[list[str]]]:
    """(file label, header, rows) of a bundled CSV; a wrong encoding is reported, not guessed around."""
    path = reference_dir() / relpath
    if not path.exists():
        raise InputErrors(Problem("bundled file is missing", file=relpath, fix="Reinstall perthyn; the package data is incomplete."))
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputErrors(Problem(f"not {encoding} text ({exc.reason} at byte {exc.start})", file=relpath,
                                  fix=f"Save the file as {encoding}.")) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputErrors(Problem("empty file", file=relpath))
    return relpath, rows[0], rows[1:]


def number(value: str, problems: Collector, *, row: int, column: str, kind=float):
    """'1,234' / ' 56 ' -> number; anything else is a problem naming row and column."""
    text = value.strip().replace(",", "")
    try:
        return kind(text)
    except ValueError:
        problems.add(f"expected a number, found {value!r}", row=row, column=column,
                     fix="Correct the value or update the loader if the publisher added a new code.")
        return None


def require_columns(header: list[str], needed, problems: Collector) -> dict[str, int]:
    index = {h: i for i, h in enumerate(header)}
    for col in needed:
        if col not in index:
            problems.add("expected column is missing", line=1, column=col, fix="Check the file is the published table.")
    return index
