from pathlib import Path

import pandas as pd
import pytest
from composite_helpers import meta_row

ASEM = Path(__file__).parent / "data"  # COINr's ASEM example, see data/PROVENANCE.md


@pytest.fixture
def asem_paths(need):
    need((ASEM / "input_ASEM_iData.csv").exists(), "COINr's ASEM example CSVs")
    return ASEM / "input_ASEM_iData.csv", ASEM / "input_ASEM_iMeta.csv"


@pytest.fixture
def write_coin(tmp_path):
    """Write a small iData/iMeta pair from lists of dicts and return their paths."""

    def _write(data_rows, meta_rows, name="t"):
        d, m = tmp_path / f"{name}_iData.csv", tmp_path / f"{name}_iMeta.csv"
        pd.DataFrame(data_rows).to_csv(d, index=False)
        pd.DataFrame(meta_rows).to_csv(m, index=False)
        return d, m

    return _write


@pytest.fixture
def small(write_coin):
    """Four units, three indicators in two pillars, one index."""
    data = [
        {"uCode": "A", "uName": "Alpha", "grp": "x", "i1": 1, "i2": 10, "i3": 5},
        {"uCode": "B", "uName": "Beta", "grp": "x", "i1": 2, "i2": 20, "i3": None},
        {"uCode": "C", "uName": "Gamma", "grp": "y", "i1": 3, "i2": 40, "i3": 15},
        {"uCode": "D", "uName": "Delta", "grp": "y", "i1": 5, "i2": 30, "i3": 25},
    ]
    meta = [meta_row(1, "i1", "P1"), meta_row(1, "i2", "P1", weight=3), meta_row(1, "i3", "P2", direction=-1),
            meta_row(2, "P1", "Index"), meta_row(2, "P2", "Index"), meta_row(3, "Index", None),
            {"iCode": "grp", "Type": "Group"}]
    return write_coin(data, meta)
