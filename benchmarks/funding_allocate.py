"""Benchmark: funding allocations, from the 22 Welsh local authorities up to GP-practice scale.

Run: .venv/bin/python benchmarks/funding_allocate.py [--areas 300 2000 10000]
Targets (2-core machine): the worked example allocates in under 0.2 s; 10,000 areas with a migrant-aware
base, need, damping, floor and cap in under 2 s. The large formulae use random data (sizes only).
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from perthyn.funding.cli import bundled
from perthyn.funding.engine import allocate
from perthyn.funding.formula import load, parse
from perthyn.funding.scenarios import effects
from perthyn.funding.yamlsrc import Located

T = {"en": "t", "cy": "t"}


def synthetic(folder: Path, n: int, seed: int = 3):
    rng = np.random.default_rng(seed)
    res = rng.integers(2_000, 400_000, n)
    prev = res * rng.uniform(20, 40, n)
    pot = round(float(prev.sum()), 2)
    lines = ["code,name,res,lt2,need,prev"] + [
        f"a{i},n{i},{r},{rng.uniform(0, 3):.2f},{rng.uniform(2, 12):.2f},{p:.2f}" for i, (r, p) in enumerate(zip(res, prev))]
    (folder / "d.csv").write_text("\n".join(lines) + "\n")
    raw = {"id": "bench", "label": T, "pot": pot, "weights_total": 1,
           "tables": {"d": {"csv": "d.csv", "key": "code"}},
           "areas": {"table": "d", "code": "code", "name": {"en": "name", "cy": "name"}},
           "bases": {"res": {"kind": "usual_residents", "label": T, "table": "d", "column": "res"},
                     "reg": {"kind": "gp_registered", "label": T, "model_from": "res", "arrivals": {
                         "lt2": {"label": T, "table": "d", "column": "lt2", "percent_of": "res", "registration_rate": 0.7}}},
                     "fix": {"kind": "migrant_aware", "label": T, "from": "reg", "arrivals": {
                         "lt2": {"label": T, "table": "d", "column": "lt2", "percent_of": "res", "registration_rate": 0.6}}}},
           "components": {"pop": {"label": T, "weight": 0.6, "base": "fix"},
                          "need": {"label": T, "weight": 0.4, "base": "fix",
                                   "need": {"n": {"label": T, "table": "d", "column": "need"}}}},
           "constraints": {"previous": {"table": "d", "column": "prev"}, "damping": 0.5, "floor": -0.01, "cap": 0.03}}
    return parse(Located(raw, str(folder / "f.yaml")))


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--areas", type=int, nargs="*", default=[300, 2000, 10000])
    args = ap.parse_args()
    table = Table(title=f"funding allocations ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)")
    for col in ("case", "areas", "seconds (best of 3)", "pence sum = pot", "areas at floor/cap"):
        table.add_column(col, justify="right" if col != "case" else "left")
    f = load(bundled()["gp_services_wales"], "registration_lag_transition")
    secs, a = timed(lambda: allocate(f))
    table.add_row("worked example, transition scenario", "22", f"{secs:.3f}", str(a.pence.sum() == round(f.pot * 100)),
                  str((a.table.bound != "").sum()))
    secs, _ = timed(lambda: effects(load(bundled()["gp_services_wales"])), repeat=1)
    table.add_row("worked example, parameter effects (5 OAT x2 + 32 joint)", "22", f"{secs:.3f}", "", "")
    for n in args.areas:
        with tempfile.TemporaryDirectory() as d:
            f = synthetic(Path(d), n)
            secs, a = timed(lambda: allocate(f))
            table.add_row("synthetic, migrant-aware base, damping, floor, cap", str(n), f"{secs:.3f}",
                          str(a.pence.sum() == round(f.pot * 100)), str((a.table.bound != "").sum()))
    Console().print(table)


if __name__ == "__main__":
    main()
