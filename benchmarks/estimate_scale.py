"""60 million rows (England and Wales scale) from Parquet: time and peak memory of design-based SEs.

    .venv/bin/python benchmarks/estimate_scale.py                  # 60M rows
    .venv/bin/python benchmarks/estimate_scale.py --rows 2000000   # a quick try

DuckDB SQL writes the Parquet file into a temporary directory (deleted afterwards): 350 areas,
70 strata, 35,000 PSUs, 5 groups, unequal weights, a 0/1 outcome and a ratio pair. Each estimate
then runs as the user would run it, `perthyn estimate mean|ratio|gap` in a fresh process; the table
shows its wall time and the peak resident memory of that process (getrusage of the child).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

PERTHYN = str(Path(sys.executable).parent / "perthyn")


def generate(path: Path, rows: int, areas: int = 350, psus_per_area: int = 100, groups: int = 5):
    npsu = areas * psus_per_area
    con = duckdb.connect()
    con.execute("SELECT setseed(0.6)")
    con.execute(f"""
        COPY (
          SELECT (id % {npsu}) // {psus_per_area} AS area,
                 (id % {npsu}) // {psus_per_area} // 5 AS stratum,
                 id % {npsu} AS psu,
                 CAST(floor(random() * {groups}) AS TINYINT) AS grp,
                 CAST(20 + 80 * random() AS FLOAT) AS w,
                 CAST(random() < 0.55 + 0.25 * sin(id % {npsu}) AS TINYINT) AS employed,
                 CAST(random() < 0.8 AS TINYINT) AS active
          FROM range({rows}) t(id)
        ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
    """)
    con.close()


def child(args: list[str]) -> tuple[float, float]:
    """Run one command; return (seconds, peak RSS in GB of the largest child so far)."""
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(proc.stderr)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, peak_kb / 1024 / 1024


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=60_000_000)
    a = ap.parse_args(argv)
    design = ["--weight", "w", "--strata", "stratum", "--psu", "psu"]
    runs = {
        "mean employed by area x group": ["mean", "--var", "employed", "--by", "area,grp"],
        "ratio employed/active by area": ["ratio", "--num", "employed", "--den", "active", "--by", "area"],
        "gap grp 1 - 0 by area": ["gap", "--var", "employed", "--by", "area", "--compare", "grp:1,0"],
    }
    with tempfile.TemporaryDirectory(prefix="perthyn-scale-") as tmpdir:
        path = Path(tmpdir) / "people.parquet"
        start = time.perf_counter()
        generate(path, a.rows)
        gen = time.perf_counter() - start
        size = path.stat().st_size / 1e9
        rows = []
        for name, args in runs.items():
            took, peak = child([PERTHYN, "estimate", args[0], str(path), *args[1:], *design,
                                "--out", str(Path(tmpdir) / "out.csv")])
            rows.append((name, took, peak))
    print(f"\n{a.rows:,} rows from Parquet ({size:.2f} GB, written in {gen:.0f} s), 35,000 PSUs in 70 strata")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM")
    print(f"{'estimate (whole command)':<34}{'time (s)':>10}{'peak RSS (GB)':>15}")
    for name, took, peak in rows:
        print(f"{name:<34}{took:>10.1f}{peak:>15.2f}")
    print("(peak RSS is the largest of the command processes run so far, so it never decreases down the table)")


if __name__ == "__main__":
    main()
