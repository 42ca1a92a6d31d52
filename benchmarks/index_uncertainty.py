"""Benchmark: Monte Carlo rank uncertainty, 10,000 replications of 350 units x 50 indicators.

Target: <= 5 s on the project's 2-core machine. Run: .venv/bin/python benchmarks/index_uncertainty.py
(--units, --indicators, --replications to change the size). The data are random; the framework has
50 indicators in 10 pillars, 2 sub-indices and one index, with 5% of values missing.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from perthyn.composite import read_coin
from perthyn.composite.uncertainty import UncertaintySpec, run_uncertainty


def write_example(folder: Path, units: int, indicators: int, seed: int = 7) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    codes = [f"i{j:02d}" for j in range(indicators)]
    values = rng.lognormal(mean=2.0, sigma=0.6, size=(units, indicators))
    values[rng.random(values.shape) < 0.05] = np.nan
    data = pd.DataFrame(values, columns=codes)
    data.insert(0, "uCode", [f"U{i:03d}" for i in range(units)])
    pillars = [f"P{p}" for p in range(10)]
    meta = [{"Level": 1, "iCode": c, "Parent": pillars[j % 10], "Weight": 1, "Direction": 1 if j % 4 else -1,
             "Type": "Indicator"} for j, c in enumerate(codes)]
    meta += [{"Level": 2, "iCode": p, "Parent": "S1" if k < 5 else "S2", "Weight": 1, "Direction": 1,
              "Type": "Aggregate"} for k, p in enumerate(pillars)]
    meta += [{"Level": 3, "iCode": s, "Parent": "Index", "Weight": 1, "Direction": 1, "Type": "Aggregate"}
             for s in ("S1", "S2")]
    meta += [{"Level": 4, "iCode": "Index", "Parent": "", "Weight": 1, "Direction": 1, "Type": "Aggregate"}]
    data.to_csv(folder / "iData.csv", index=False)
    pd.DataFrame(meta).to_csv(folder / "iMeta.csv", index=False)
    return folder / "iData.csv", folder / "iMeta.csv"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--units", type=int, default=350)
    ap.add_argument("--indicators", type=int, default=50)
    ap.add_argument("--replications", type=int, default=10_000)
    args = ap.parse_args()
    table = Table(title=f"Index uncertainty benchmark ({platform.processor() or platform.machine()}, "
                        f"{os.cpu_count()} CPUs, target <= 5 s)")
    for col in ("units", "indicators", "replications", "aggregations", "best of 3 (s)", "median (s)"):
        table.add_column(col, justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        idata, imeta = write_example(Path(tmp), args.units, args.indicators)
        coin = read_coin(idata, imeta)
        run_uncertainty(coin, "Raw", UncertaintySpec(replications=200))  # warm-up: imports, BLAS threads
        for aggs in (("amean",), ("amean", "gmean", "hmean")):
            spec = UncertaintySpec(replications=args.replications, aggregations=aggs,
                                   normalisations=("minmax", "zscore", "prank"))
            times = []
            for _ in range(3):
                start = time.perf_counter()
                result = run_uncertainty(coin, "Raw", spec)
                times.append(time.perf_counter() - start)
            assert result.ranks.shape == (args.units, args.replications)
            table.add_row(str(args.units), str(args.indicators), f"{args.replications:,}", "/".join(aggs),
                          f"{min(times):.2f}", f"{sorted(times)[1]:.2f}")
    Console().print(table)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    Console().print(f"load average during the run: {load:.1f} (other processes share the CPUs)")


if __name__ == "__main__":
    main()
