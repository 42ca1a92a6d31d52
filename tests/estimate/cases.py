"""A small stratified, clustered survey with unequal weights, awkward domains and replicate weights.

Shared by the reference comparisons: R survey reads the same CSV (make_reference.R).
- strata S1..S6 with 2-5 PSUs each, plus S7 with a single PSU (column `stratum`); `stratum2`
  merges S7 into S6 so the default singleton policy ('fail') has a valid design;
- area D lives in two strata only, area E in one PSU only (no variance: flagged);
- y has missing values; emp/active/unemp are 0/1; fpc is the population number of PSUs;
- replicate weights: jk* (delete-one-PSU JK1), brr* (half samples), fay* (rho = 0.5), boot*.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

N_BRR = 8
N_BOOT = 15


def make_survey(seed: int = 20261122) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu_no = 0
    sizes = {f"S{s}": int(rng.integers(2, 6)) for s in range(1, 7)} | {"S7": 1}
    for stratum, k in sizes.items():
        for _ in range(k):
            psu_no += 1
            effect = rng.normal(scale=0.7)
            share_migrant = rng.uniform(0.1, 0.6)
            for _ in range(int(rng.integers(8, 20))):
                area = rng.choice(["A", "B", "C"], p=[0.5, 0.3, 0.2])
                if stratum in ("S2", "S3") and rng.random() < 0.3:
                    area = "D"
                rows.append(dict(stratum=stratum, psu=f"P{psu_no:02d}", area=area,
                                 sex=rng.choice(["F", "M"]), g=int(rng.random() < share_migrant),
                                 y=float(10 + effect + rng.normal(scale=2.0)),
                                 w=float(rng.uniform(0.5, 4.0) * (1 + int(stratum[1]) / 3))))
    df = pd.DataFrame(rows)
    first = df.index[df.psu == "P03"][:2]
    df.loc[first, "area"] = "E"  # a domain inside a single PSU
    df.loc[rng.random(len(df)) < 0.06, "y"] = np.nan
    df["active"] = (rng.random(len(df)) < 0.75).astype(int)
    df["emp"] = ((rng.random(len(df)) < 0.85 - 0.15 * df.g) & (df.active == 1)).astype(int)
    df["unemp"] = df.active - df.emp
    df["stratum2"] = df.stratum.replace({"S7": "S6"})
    df["fpc"] = (3 * df.groupby("stratum2").psu.transform("nunique") + 1).astype(float)
    psus = sorted(df.psu.unique())
    rep = {}
    for r, p in enumerate(psus):  # JK1: drop one PSU, reweight the rest by n/(n-1)
        rep[f"jk{r + 1}"] = np.where(df.psu == p, 0.0, df.w * len(psus) / (len(psus) - 1))
    half = {p: rng.random(N_BRR) < 0.5 for p in psus}
    for r in range(N_BRR):
        inside = df.psu.map(lambda p: half[p][r]).to_numpy()
        rep[f"brr{r + 1}"] = np.where(inside, 2.0, 0.0) * df.w
        rep[f"fay{r + 1}"] = np.where(inside, 1.5, 0.5) * df.w
    for r in range(N_BOOT):
        draws = dict(zip(psus, rng.poisson(1.0, len(psus))))
        rep[f"boot{r + 1}"] = df.psu.map(draws).to_numpy() * df.w
    return pd.concat([df, pd.DataFrame(rep)], axis=1)


def replicate_columns(df: pd.DataFrame, prefix: str) -> list[str]:
    return [c for c in df.columns if c.startswith(prefix) and c[len(prefix):].isdigit()]
