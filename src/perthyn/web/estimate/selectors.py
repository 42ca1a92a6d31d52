"""Reads for the estimate page: the demo framework run's gated estimates and manifest."""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from .demo import demo_dir


@lru_cache(maxsize=2)
def _load(stamp: float):
    folder = demo_dir()
    est = pd.read_csv(folder / "estimates.csv", keep_default_na=False, na_values=[""])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return est, manifest


def demo_results():
    """(estimates DataFrame, manifest dict), or None when the demo has not been run."""
    path = demo_dir() / "manifest.json"
    if not path.exists():
        return None
    return _load(path.stat().st_mtime)


def indicator_rows(est: pd.DataFrame, indicator_id: str, grouping: str) -> pd.DataFrame:
    part = est[(est.indicator_id == indicator_id) & (est.grouping == grouping)]
    return part.reset_index(drop=True)
