"""Benchmark: the full framework run vs a bare DuckDB GROUP BY computing the same point estimates.

    .venv/bin/python benchmarks/framework_run.py --rows 10000000

Both read the same Parquet file of synthetic survey microdata (`perthyn synth`). The framework run does
everything the product does: schema validation, migrant derivation through perthyn.people, every
supported indicator for migrants / non-migrants / everyone in seven groupings with design-based SEs
(strata and PSUs), gaps with covariance, the disclosure gate and provenance. The baseline is one hand-written
DuckDB query with GROUPING SETS giving only the weighted point estimates for the same domains (migrant
groups looked up from the same country table). Target: framework run <= 1.5x the baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

# the supported indicators' universe and condition, written by hand for the baseline
INDICATORS = {
    "english_proficiency": ("age >= 3 AND english_proficiency IS NOT NULL",
                            "english_proficiency IN ('main_language', 'very_well', 'well')"),
    "tertiary_qualifications": ("age BETWEEN 16 AND 64 AND highest_qualification IS NOT NULL", "highest_qualification = 'level4_plus'"),
    "no_qualifications": ("age BETWEEN 16 AND 64 AND highest_qualification IS NOT NULL", "highest_qualification = 'none'"),
    "education_employment_training": ("age BETWEEN 16 AND 24 AND econ_activity IS NOT NULL",
                                      "econ_activity IN ('employed', 'inactive_student')"),
    "good_health": ("general_health IS NOT NULL", "general_health IN ('very_good', 'good')"),
    "overcrowding": ("overcrowded IS NOT NULL", "overcrowded"),
    "private_renting": ("tenure IS NOT NULL", "tenure = 'private_rented'"),
    "employment_rate": ("age BETWEEN 16 AND 64 AND econ_activity IS NOT NULL", "econ_activity = 'employed'"),
}
SETS = ["(migrant)", "(migrant, migrant_group)", "(migrant, residence_band)", "(migrant, age_group)", "(migrant, sex)",
        "(migrant, area_code)", "(migrant, area_code, migrant_group)", "()", "(age_group)", "(sex)", "(area_code)"]


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, load {os.getloadavg()[0]:.1f}, DuckDB {duckdb.__version__}"


def baseline(path: str) -> tuple[float, pd.DataFrame]:
    from perthyn.people.classify import classify

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    countries = con.execute(f"SELECT DISTINCT country_of_birth FROM '{path}'").df()["country_of_birth"].astype(str)
    groups = pd.DataFrame({"code": countries, "grp": [classify(c, on="2021-03-21") for c in countries]})
    con.register("country_groups", groups)
    sums = ", ".join(f"SUM(CASE WHEN {u} AND ({c}) THEN weight ELSE 0 END) / NULLIF(SUM(CASE WHEN {u} THEN weight ELSE 0 END), 0) AS {k}"
                     for k, (u, c) in INDICATORS.items())
    sql = f"""
    WITH p AS (
      SELECT t.*, g.grp AS migrant_group, t.country_of_birth <> 'GB' AS migrant,
             CASE WHEN t.country_of_birth = 'GB' THEN 'uk_born' WHEN 2021 - year_of_arrival >= 10 THEN '10plus'
                  WHEN 2021 - year_of_arrival >= 5 THEN '5to10' WHEN 2021 - year_of_arrival >= 2 THEN '2to5' ELSE 'lt2' END AS residence_band,
             CASE WHEN age <= 15 THEN 'child_0_15' WHEN age <= 64 THEN 'working_16_64' ELSE 'pension_65plus' END AS age_group
      FROM '{path}' t JOIN country_groups g ON t.country_of_birth = g.code)
    SELECT migrant, migrant_group, residence_band, age_group, sex, area_code, {sums}
    FROM p GROUP BY GROUPING SETS ({', '.join(SETS)})"""
    start = time.perf_counter()
    result = con.execute(sql).df()
    return time.perf_counter() - start, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--file", default=None, help="reuse this Parquet file instead of generating one")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    from perthyn.estimate.framework_run import run_framework
    from perthyn.synth import generate, write

    path = args.file or f"/tmp/perthyn_bench_{args.rows}.parquet"
    if not Path(path).exists():
        t0 = time.perf_counter()
        write(generate(args.rows, design="survey", seed=7), path)
        print(f"generated {args.rows:,} synthetic rows in {time.perf_counter() - t0:.1f}s -> {path}")
    rows = duckdb.connect().execute(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]

    base_times, run_times, runs = [], [], []
    for _ in range(args.repeat):
        bt, bres = baseline(path)
        base_times.append(bt)
        t0 = time.perf_counter()
        res = run_framework(path, validate_ids=False)
        run_times.append(time.perf_counter() - t0)
        runs.append(res)
    res = runs[-1]
    # the two routes must give the same point estimates
    est = res.estimates
    overall = est[(est.grouping == "overall") & (est.measure == "estimate") & (est.migrant == "true")]
    b = bres[bres.migrant.eq(True) & bres.migrant_group.isna() & bres.residence_band.isna() & bres.age_group.isna()
             & bres.sex.isna() & bres.area_code.isna()].iloc[0]
    diff = max(abs(r.estimate - b[r.indicator_id]) for r in overall.itertuples())
    bt, rt = min(base_times), min(run_times)
    print()
    print(f"machine: {machine()}")
    print(f"rows: {rows:,}; indicators: {len(res.manifest['computed'])}; output rows: {len(est):,}; "
          f"max |difference| of overall migrant estimates: {diff:.2e}")
    print()
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| bare DuckDB GROUP BY (point estimates only) | {bt:.2f} |")
    print(f"| perthyn framework run (validation, derivation, SEs, gaps, gate) | {rt:.2f} |")
    for k, v in res.manifest["timings"].items():
        print(f"| &nbsp;&nbsp;{k} | {v:.2f} |")
    print(f"| ratio (target <= 1.5) | {rt / bt:.2f} |")


if __name__ == "__main__":
    main()
