"""Fixtures for the framework tests: a writable copy of the bundled framework to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from perthyn.framework import bundled_path


@pytest.fixture
def fw_copy(tmp_path) -> Path:
    dest = tmp_path / "framework"
    shutil.copytree(bundled_path(), dest)
    return dest


@pytest.fixture(scope="session")
def raw_indicators():
    """The indicator files read with plain yaml.safe_load: an independent view of the data."""
    out = []
    for f in sorted((bundled_path() / "indicators").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for ind in doc["indicators"]:
            out.append(dict(ind, domain=doc["domain"], _file=f.name))
    return out


def _duckdb_table(df, name: str = "people"):
    """A real DuckDB table holding ``df``, as an ibis Table."""
    import ibis

    con = ibis.duckdb.connect()
    con.con.register(f"{name}_df", df)
    con.con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "{name}_df"')
    con.con.unregister(f"{name}_df")
    return con.table(name)


@pytest.fixture(scope="session")
def duckdb_table():
    return _duckdb_table
