"""Compute each case of make_reference.R with perthyn.estimate and compare to R's numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import ibis

from perthyn.estimate import Design, ReplicateSpec, gap, mean, proportion, ratio, total

from .cases import replicate_columns

RTOL = 1e-9
REPLICATES = {"JK1": ("jk", {}), "BRR": ("brr", {}), "Fay": ("fay", {"rho": 0.5}), "bootstrap": ("boot", {})}


def _designs(df: pd.DataFrame) -> dict:
    d = {
        "main": Design(df, weight="w", strata="stratum2", psu="psu"),
        "fpc": Design(df, weight="w", strata="stratum2", psu="psu", fpc="fpc"),
        "adjust": Design(df, weight="w", strata="stratum", psu="psu", singleton="adjust"),
        "average": Design(df, weight="w", strata="stratum", psu="psu", singleton="average"),
        "nopsu": Design(df, weight="w", strata="stratum"),
    }
    for name, (prefix, kw) in REPLICATES.items():
        cols = replicate_columns(df, prefix)
        d[f"rep_{name}"] = Design(df, weight="w", replicate=ReplicateSpec(cols, type=name, **kw))
    d["rep_bootmse"] = Design(df, weight="w", replicate=ReplicateSpec(replicate_columns(df, "boot"),
                                                                      type="bootstrap", mse=True))
    return d


def python_cases(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    d = _designs(df)
    out = {
        "mean_area": mean(d["main"], "y", ["area"]),
        "mean_area_sex": mean(d["main"], "y", ["area", "sex"]),
        "mean_area_wor": mean(d["main"], "y", ["area"], deff="without"),
        "prop_emp_area": mean(d["main"], "emp", ["area"]),
        "ratio_unemp_area": ratio(d["main"], "unemp", "active", ["area"]),
        "total_y_area": total(d["main"], "y", ["area"]),
        "gap_y_area": gap(d["main"], "y", ["area"], compare=("g", 1, 0)),
        "mean_all": mean(d["main"], "y"),
        "where_female_mean_area": mean(d["main"], "y", ["area"], where=ibis._.sex == "F"),
        "prop_expr_area": proportion(d["main"], ibis._.y > 10, ["area"]),
        "fpc_mean_area": mean(d["fpc"], "y", ["area"]),
        "fpc_ratio_area": ratio(d["fpc"], "unemp", "active", ["area"]),
        "nopsu_mean_area": mean(d["nopsu"], "y", ["area"]),
        "rep_bootmse_mean_area": mean(d["rep_bootmse"], "y", ["area"]),
    }
    for policy in ("adjust", "average"):
        out[f"{policy}_mean_area"] = mean(d[policy], "y", ["area"])
        out[f"{policy}_ratio_area"] = ratio(d[policy], "unemp", "active", ["area"])
        out[f"{policy}_gap_area"] = gap(d[policy], "y", ["area"], compare=("g", 1, 0))
    for name in REPLICATES:
        rd = d[f"rep_{name}"]
        out[f"rep_{name}_mean_area"] = mean(rd, "y", ["area"])
        out[f"rep_{name}_ratio_area"] = ratio(rd, "unemp", "active", ["area"])
        out[f"rep_{name}_gap_area"] = gap(rd, "y", ["area"], compare=("g", 1, 0))
    ci = mean(d["main"], "emp", ci="logit", level=0.9)
    out["logit_ci_emp"] = pd.DataFrame({"domain": ["low", "high"], "estimate": [ci.ci_low[0], ci.ci_high[0]],
                                        "se": [np.nan] * 2, "deff": [np.nan] * 2, "flag": ["", ""]})
    for name, res in out.items():
        if "domain" not in res.columns:
            keys = [c for c in ("area", "sex") if c in res.columns]
            res["domain"] = res[keys].astype(str).agg("|".join, axis=1) if keys else ""
    return out


def compare(reference: pd.DataFrame, ours: dict[str, pd.DataFrame]) -> list[str]:
    """Every mismatch beyond RTOL, as readable lines (empty when all agree)."""
    bad = []
    checked = 0
    for row in reference.itertuples(index=False):
        res = ours[row.case]
        hit = res[res.domain == str(row.domain if isinstance(row.domain, str) else "")]
        if len(hit) != 1:
            bad.append(f"{row.case} [{row.domain}]: missing in perthyn's output")
            continue
        hit = hit.iloc[0]
        flagged = bool(hit["flag"])
        for col in ("estimate", "se", "deff"):
            want = getattr(row, col)
            if want is None or (isinstance(want, float) and math.isnan(want)):
                continue
            got = hit[col]
            if col == "deff" and flagged:
                continue  # R's deff of a zero variance is rounding noise
            if col == "se" and flagged:
                # No variance from one PSU: R reports a zero SE (mean, ratio) where perthyn flags.
                if "PSU" in hit["flag"] and abs(want) < 1e-9 * max(1.0, abs(hit["estimate"])):
                    checked += 1
                    continue
                bad.append(f"{row.case} [{row.domain}] {col}: flagged ({hit['flag']}) but R gives {want}")
                continue
            checked += 1
            if col == "se" and abs(want) < 1e-12 * abs(hit["estimate"]) and abs(got) < 1e-12 * abs(hit["estimate"]):
                continue  # both zero up to rounding (a domain inside one PSU, replicate designs)
            if not np.isclose(got, want, rtol=RTOL, atol=0):
                bad.append(f"{row.case} [{row.domain}] {col}: perthyn {got!r} vs R {want!r}")
    if not checked:
        bad.append("nothing compared")
    return bad


def load_reference(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values={"estimate": [""], "se": [""], "deff": [""]},
                       dtype={"domain": str})
