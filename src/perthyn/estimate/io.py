"""Read survey microdata (Parquet or CSV) into an Ibis table on the chosen engine."""

from __future__ import annotations

from pathlib import Path

from perthyn.errors import InputErrors, Problem

from .backends import connect

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


def read(path, engine: str = "duckdb", *, con=None):
    """An Ibis table over DATA. The file is scanned lazily by the engine, never loaded into Python."""
    text = str(path)
    if "://" in text:  # object stores and HDFS: the engine resolves them
        con = con or connect(engine)
        return con.read_csv(text) if text.lower().endswith(".csv") else con.read_parquet(text)
    p = Path(path)
    if not p.exists():
        raise InputErrors(Problem("file not found", file=str(p), fix="check the path to the data file"))
    fmt = "parquet" if p.is_dir() else FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputErrors(Problem(f"unsupported file type {p.suffix!r}", file=str(p),
                                  fix="give a Parquet (.parquet) or CSV (.csv) file"))
    con = con or connect(engine)
    try:
        return con.read_parquet(str(p)) if fmt == "parquet" else con.read_csv(str(p))
    except Exception as exc:  # the engine's own parse error, reported in our one error shape
        raise InputErrors(Problem(f"could not read the {fmt.upper()} file: {str(exc).splitlines()[0]}",
                                  file=str(p), fix=f"check that the file is valid {fmt.upper()}")) from exc
