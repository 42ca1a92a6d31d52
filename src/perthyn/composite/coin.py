"""The coin: a composite indicator's framework (iMeta), units and every data set built from them.

Named after COINr's object so its users find their way: each step (denominate, impute, screen,
treat, normalise, aggregate) reads one named data set and writes a new one, so every
intermediate table stays available for inspection and export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass
class Coin:
    meta: pd.DataFrame                 # iMeta rows of Type Indicator/Aggregate, indexed by iCode, in file order
    units: pd.DataFrame                # indexed by uCode: uName (if given) and group columns
    denominators: pd.DataFrame         # indexed by uCode
    data: dict[str, pd.DataFrame] = field(default_factory=dict)   # data set name -> units x codes
    logs: dict[str, pd.DataFrame] = field(default_factory=dict)   # what each step did
    analysis: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    meta_rows: dict[str, int] = field(default_factory=dict)        # iCode -> 1-based data row in the iMeta file
    last: str = "Raw"

    # --- framework -------------------------------------------------------------------------
    @property
    def indicators(self) -> list[str]:
        return list(self.meta.index[self.meta["Type"] == "Indicator"])

    @property
    def aggregates(self) -> list[str]:
        return list(self.meta.index[self.meta["Type"] == "Aggregate"])

    @property
    def max_level(self) -> int:
        return int(self.meta["Level"].max())

    @property
    def top(self) -> str:
        tops = self.meta.index[self.meta["Level"] == self.max_level]
        return tops[0]

    def level_codes(self, level: int) -> list[str]:
        return list(self.meta.index[self.meta["Level"] == level])

    def children(self, code: str) -> list[str]:
        return list(self.meta.index[self.meta["Parent"] == code])

    def weights(self, overrides: dict | None = None) -> pd.Series:
        w = self.meta["Weight"].astype(float).copy()
        for code, value in (overrides or {}).items():
            if code not in w.index:
                raise KeyError(f"weight given for unknown code {code!r}")
            w[code] = float(value)
        return w

    def get(self, dset: str | None = None) -> pd.DataFrame:
        name = dset or self.last
        if name not in self.data:
            raise KeyError(f"no data set {name!r}; available: {', '.join(self.data)}")
        return self.data[name]

    def put(self, name: str, table: pd.DataFrame, log: pd.DataFrame | None = None) -> None:
        self.data[name] = table
        if log is not None:
            self.logs[name] = log
        self.last = name

    def warn(self, message: str) -> None:
        import warnings

        self.warnings.append(message)
        warnings.warn(message, stacklevel=3)

    # --- results ---------------------------------------------------------------------------
    def results(self, dset: str = "Aggregated") -> pd.DataFrame:
        """uCode, one column per indicator and aggregate (framework order), Rank of the top level."""
        table = self.get(dset)
        order = [c for c in self.indicators + self.aggregates if c in table.columns]
        out = table[order].copy()
        out["Rank"] = rank_desc(out[self.top])
        out.index.name = "uCode"
        return out.reset_index()

    def export(self, directory: str | Path) -> list[Path]:
        """Write the framework, the units (uCode, uName, groups), the denominators (if any) and every
        data set, log and analysis table as CSV; return the paths written."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []

        def write(name, frame, index=True):
            path = out / f"{name}.csv"
            frame.to_csv(path, index=index)
            written.append(path)

        write("iMeta", self.meta)
        write("units", self.units.rename_axis("uCode"))
        if len(self.denominators.columns):
            write("denominators", self.denominators.rename_axis("uCode"))
        for name, table in self.data.items():
            write(f"data_{name}", table.rename_axis("uCode"))
        for name, table in self.logs.items():
            write(f"log_{name}", table, index=False)
        for name, table in self.analysis.items():
            write(f"analysis_{name}", table)
        if "Aggregated" in self.data:
            write("results", self.results(), index=False)
        (out / "warnings.txt").write_text("".join(w + "\n" for w in self.warnings), encoding="utf-8")
        written.append(out / "warnings.txt")
        return written


def rank_desc(values: pd.Series) -> pd.Series:
    """Rank 1 = highest; ties share the best (minimum) rank; missing stays missing."""
    return values.rank(ascending=False, method="min", na_option="keep").astype("Int64")


def as_matrix(table: pd.DataFrame, codes: list[str]) -> np.ndarray:
    return table[codes].to_numpy(dtype=float)
