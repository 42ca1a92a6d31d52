"""Indicator estimates for the dashboard, from `perthyn estimate framework` output (estimates.csv and
manifest.json): on bundled synthetic microdata by default (computed once and cached, always labelled
synthetic), or from a user's own output directory.

The tidy shape the dashboard reads: indicator_id, area_code, group ('migrant' | 'non_migrant'), estimate,
ci_low, ci_high, n (percentages for proportions), with gap, gap_low, gap_high on the migrant row.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from perthyn.errors import InputErrors, Problem

SYNTHETIC_ROWS = 44_000  # about 2,000 simulated people per Welsh authority
SYNTHETIC_SEED = 2021
NEEDED = ("indicator_id", "grouping", "measure", "migrant", "area_code", "estimate", "ci_low", "ci_high", "n", "unit")
PROPORTION_UNITS = {"percent", "%", "proportion"}


@dataclass(frozen=True)
class Estimates:
    frame: pd.DataFrame
    synthetic: bool
    path: str = ""
    source: str = ""  # what the estimates were computed from (the estimate output's `source`), for the label
    period: str = ""  # the period the estimate output gives, if any

    @property
    def label(self) -> str:
        """The name readers see for these estimates: their source, else the output directory's name."""
        return self.source or Path(self.path).name or "?"


def _named(raw: pd.DataFrame, column: str, fallback: str = "") -> str:
    """The distinct non-empty values of `column` (e.g. the estimate output's source), joined; else `fallback`."""
    if column not in raw.columns:
        return fallback
    values = [str(v).strip() for v in raw[column].dropna().unique() if str(v).strip() and str(v) != "nan"]
    return "; ".join(values) or fallback


def tidy(raw: pd.DataFrame) -> pd.DataFrame:
    """The by-area rows of an estimate output, as one row per indicator, area and side, with its gap."""
    rows = raw[raw["grouping"] == "area_code"].copy()
    scale = rows["unit"].isin(PROPORTION_UNITS).map({True: 100.0, False: 1.0})
    for c in ("estimate", "ci_low", "ci_high"):
        rows[c] = pd.to_numeric(rows[c], errors="coerce") * scale
    rows["n"] = pd.to_numeric(rows["n"], errors="coerce")
    sides = rows[(rows["measure"] == "estimate") & rows["migrant"].astype(str).isin(["true", "false"])].copy()
    sides["group"] = sides["migrant"].astype(str).map({"true": "migrant", "false": "non_migrant"})
    gaps = rows[rows["measure"] == "gap"][["indicator_id", "area_code", "estimate", "ci_low", "ci_high"]]
    gaps = gaps.rename(columns={"estimate": "gap", "ci_low": "gap_low", "ci_high": "gap_high"})
    gaps["group"] = "migrant"
    out = sides[["indicator_id", "area_code", "group", "estimate", "ci_low", "ci_high", "n"]].merge(
        gaps, on=["indicator_id", "area_code", "group"], how="left")
    return out.reset_index(drop=True)


def from_output(directory: str | Path, *, synthetic: bool | None = None) -> Estimates:
    """Read an estimate output directory; bad or missing files are InputErrors naming the file and the fix."""
    directory = Path(directory)
    csv, manifest = directory / "estimates.csv", directory / "manifest.json"
    if not csv.exists():
        raise InputErrors([Problem("no estimates.csv in the estimate output directory", file=str(directory),
                                   fix="run `perthyn estimate framework DATA --out DIR` and pass that DIR")])
    raw = pd.read_csv(csv, dtype={"migrant": str, "area_code": str})
    missing = [c for c in NEEDED if c not in raw.columns]
    if missing:
        raise InputErrors([Problem("column missing from the estimate output", file=str(csv), column=c,
                                   fix="use the estimates.csv written by `perthyn estimate framework`") for c in missing])
    meta = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    if synthetic is None:
        synthetic = bool(meta.get("synthetic")) or ("synthetic" in raw.columns and raw["synthetic"].astype(str).eq("True").any())
    source = _named(raw, "source", str(meta.get("source") or ""))
    return Estimates(tidy(raw), synthetic, str(directory), source, _named(raw, "period"))


def cache_dir() -> Path:
    return Path(os.environ.get("PERTHYN_DATA_DIR", Path.cwd() / "var")) / "publish" / "synthetic-estimates"


@lru_cache(maxsize=1)
def synthetic_default() -> Estimates | None:
    """Framework estimates by area from bundled synthetic microdata, computed once and kept on disk.

    Like every report, the default dashboard keeps to the framework's core set; a user's own
    `estimate framework` output (from_output) shows whatever it computed.

    None (the dashboard then shows a marked gap) only if the estimate job's framework runner is not installed.
    """
    from perthyn.framework import load

    try:
        import perthyn.estimate.framework_run  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("perthyn"):
            return None
        raise

    folder = cache_dir() / f"rows{SYNTHETIC_ROWS}-seed{SYNTHETIC_SEED}-fw{load().version}-core"
    if not (folder / "estimates.csv").exists():
        from perthyn.estimate.framework_run import run_framework, write
        from perthyn.synth import generate
        from perthyn.synth import write as write_synth

        folder.mkdir(parents=True, exist_ok=True)
        data = folder / "synthetic.parquet"
        write_synth(generate(SYNTHETIC_ROWS, design="survey", seed=SYNTHETIC_SEED), data)
        write(run_framework(data, by=("area_code",), indicators=[i.id for i in load().core]), folder)
        data.unlink()
    return from_output(folder, synthetic=True)
