"""Standard errors for 1,750 domains (350 areas x 5 groups) on a 500k-row clustered survey.

    .venv/bin/python benchmarks/estimate_se.py                 # full size, with svy and R survey
    .venv/bin/python benchmarks/estimate_se.py --rows 50000     # a quick try

One Parquet file is generated with DuckDB SQL in a temporary directory (70 strata, 2,100 PSUs,
unequal weights, a 0/1 outcome with a PSU effect). perthyn, svy and R survey (svyby(svymean))
each estimate the mean and SE of every area x group domain. Timed: the estimation call (design +
estimate; perthyn's includes scanning the Parquet file, the others read it first) and, separately,
the read; plus the whole `perthyn estimate mean` command as a user runs it. R has no Parquet
reader installed here, so it reads a CSV copy of the same rows (its read is timed separately).
The SEs of all three are compared to show they computed the same thing.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def generate(path: Path, rows: int, areas: int, groups: int, psus_per_area: int, areas_per_stratum: int = 5):
    npsu = areas * psus_per_area
    con = duckdb.connect()
    con.execute("SELECT setseed(0.2026)")
    con.execute(f"""
        COPY (
          SELECT id,
                 printf('A%03d', (id % {npsu}) // {psus_per_area}) AS area,
                 printf('S%02d', (id % {npsu}) // {psus_per_area} // {areas_per_stratum}) AS stratum,
                 printf('P%05d', id % {npsu}) AS psu,
                 CAST(floor(random() * {groups}) AS INTEGER) AS grp,
                 20 + 80 * random() AS w,
                 CAST(random() < 0.55 + 0.25 * sin(id % {npsu}) AS INTEGER) AS y
          FROM range({rows}) t(id)
        ) TO '{path}' (FORMAT parquet)
    """)
    con.close()


def load_perthyn():
    """Load the library before the clock starts, as R's library(survey) and svy's import are: Ibis and
    DuckDB initialise on first use (about 0.25 s here), so a query on a two-row in-memory table, which
    reads no survey data, is run once. The whole-command time below includes that loading."""
    import ibis

    from perthyn.estimate import Design, mean  # noqa: F401

    t = ibis.memtable({"a": [1, 2]})
    ibis.duckdb.connect().execute(t.group_by("a").aggregate(n=t.count()))


def run_perthyn(path: Path):
    from perthyn.estimate import Design, mean
    from perthyn.estimate.io import read

    load_perthyn()
    start = time.perf_counter()
    d = Design(read(path), weight="w", strata="stratum", psu="psu")
    res = mean(d, "y", by=["area", "grp"])
    return time.perf_counter() - start, 0.0, res[["area", "grp", "estimate", "se"]]


def run_cli(path: Path, out: Path):
    start = time.perf_counter()
    subprocess.run([str(Path(PY).parent / "perthyn"), "estimate", "mean", str(path), "--var", "y", "--by", "area,grp",
                    "--weight", "w", "--strata", "stratum", "--psu", "psu", "--out", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def run_svy(path: Path):
    import svy

    start = time.perf_counter()
    data = svy.read_parquet(str(path))
    read = time.perf_counter() - start
    start = time.perf_counter()
    sample = svy.Sample(data, svy.Design(stratum="stratum", psu="psu", wgt="w"))
    est = sample.estimation.mean("y", by=("area", "grp"))
    took = time.perf_counter() - start
    df = est.to_polars().to_pandas()
    df = df.rename(columns={"est": "estimate"})
    return took, read, df[["area", "grp", "estimate", "se"]]


R_SCRIPT = r"""
suppressMessages({library(survey); library(data.table)})
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time(); d <- as.data.frame(fread(args[1])); t1 <- Sys.time()
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
b <- svyby(~y, ~area + grp, des, svymean)
t2 <- Sys.time()
out <- data.frame(area = b$area, grp = b$grp, estimate = coef(b), se = SE(b))
fwrite(out, args[2])
cat(as.numeric(t2 - t1, units = "secs"), as.numeric(t1 - t0, units = "secs"), "\n")
"""


def run_r(path: Path, tmp: Path, timeout: float):
    csv = tmp / "survey.csv"
    duckdb.execute(f"COPY (SELECT * FROM '{path}') TO '{csv}' (HEADER)")
    script, out = tmp / "bench.R", tmp / "r_out.csv"
    script.write_text(R_SCRIPT)
    proc = subprocess.run(["Rscript", str(script), str(csv), str(out)], check=True, capture_output=True,
                          text=True, timeout=timeout)
    took, read = map(float, proc.stdout.split()[-2:])
    return took, read, pd.read_csv(out)


def agreement(ours: pd.DataFrame, other: pd.DataFrame) -> float:
    m = ours.merge(other, on=["area", "grp"], suffixes=("", "_o"))
    if len(m) != len(ours):
        return float("nan")
    return float(np.max(np.abs(m.se - m.se_o) / m.se))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--areas", type=int, default=350)
    ap.add_argument("--groups", type=int, default=5)
    ap.add_argument("--psus-per-area", type=int, default=6)
    ap.add_argument("--no-svy", action="store_true")
    ap.add_argument("--no-r", action="store_true")
    ap.add_argument("--r-timeout", type=float, default=3600)
    a = ap.parse_args(argv)
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="perthyn-bench-") as tmpdir:
        tmp = Path(tmpdir)
        path = tmp / "survey.parquet"
        generate(path, a.rows, a.areas, a.groups, a.psus_per_area)
        results = {}
        took, read, ours = run_perthyn(path)
        results["perthyn (DuckDB)"] = (took, read, ours)
        cli = run_cli(path, tmp / "cli.csv")
        if not a.no_svy:
            results["svy " + __import__("svy").__version__] = run_svy(path)
        if not a.no_r and shutil.which("Rscript"):
            results["R survey svyby"] = run_r(path, tmp, a.r_timeout)
        base = results["perthyn (DuckDB)"][0]
        print(f"\nSEs of the mean of y for {len(ours)} domains ({a.areas} areas x {a.groups} groups), "
              f"{a.rows:,} rows, {a.areas * a.psus_per_area:,} PSUs in {a.areas // 5} strata")
        print(f"machine: {platform.processor() or platform.machine()}, {_cpus()} CPUs, Python {platform.python_version()}")
        print(f"{'tool':<22}{'estimation (s)':>16}{'read (s)':>10}{'x perthyn':>11}{'max rel SE diff':>17}")
        for name, (took, read, df) in results.items():
            diff = agreement(ours, df) if df is not ours else 0.0
            print(f"{name:<22}{took:>16.3f}{read:>10.3f}{took / base:>11.1f}{diff:>17.2e}")
        print(f"`perthyn estimate mean` whole command (process start to CSV written): {cli:.2f} s")
    print(f"benchmark wall time: {time.perf_counter() - wall:.1f} s")


def _cpus():
    import os

    return os.cpu_count()


if __name__ == "__main__":
    main()
