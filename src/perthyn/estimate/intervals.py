"""From domain estimates and variances to the published columns: se, intervals, df, deff, flags.

This runs on the small per-domain result (one row per domain), after the engine has done the
aggregation. Degrees of freedom follow R survey's degf(): #PSUs - #strata of the whole design for
Taylor designs, #replicates - 1 for replicate designs (R uses the rank of the replicate weights,
which is the same unless replicates are duplicated).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri, stdtrit  # scipy.stats costs a second to import

COLUMNS = ["estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "n_weighted"]
CI_METHODS = ("normal", "t", "logit")
DEFF_MODES = ("replace", "without", None)

FLAG_EMPTY = "empty domain: no rows with a value"
FLAG_FEW_PSUS = "fewer than 2 PSUs in the domain: no variance can be estimated"
FLAG_NO_VARIANCE = "no variance: no stratum has more than one PSU"
FLAG_NOT_PROPORTION = "no logit interval: the estimate is not a proportion between 0 and 1 (use ci t or normal)"


def quantile(ci: str, level: float, df) -> np.ndarray | float:
    p = 0.5 + level / 2
    if ci == "normal":
        return float(ndtri(p))
    df = np.asarray(df, dtype=float)
    return np.where(df > 0, stdtrit(np.where(df > 0, df, 1), p), np.nan)


def finish(df: pd.DataFrame, *, design, by: list[str], kind: str, ci: str = "t", level: float = 0.95,
           deff: str | None = "replace") -> pd.DataFrame:
    if ci not in CI_METHODS:
        raise ValueError(f"ci must be one of {CI_METHODS}, not {ci!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    out = df.copy()
    est = out["estimate"].astype(float)
    var = out["var"].astype(float)
    flag = pd.Series("", index=out.index, dtype=object)
    few = out["npsu"].fillna(0) < 2
    flag[few] = FLAG_FEW_PSUS
    flag[var.isna() & ~few] = FLAG_NO_VARIANCE
    flag[est.isna()] = FLAG_EMPTY
    se = np.sqrt(var.clip(lower=0)).where(flag == "")
    dfree = float(design.summary.degf) if design.summary.degf is not None else np.inf
    out["df"] = dfree
    q = quantile("normal" if ci == "normal" else "t", level, out["df"])
    if ci == "logit":
        p = est
        with np.errstate(divide="ignore", invalid="ignore"):
            eta = np.log(p / (1 - p))
            half = q * se / (p * (1 - p))
            lo, hi = 1 / (1 + np.exp(-(eta - half))), 1 / (1 + np.exp(-(eta + half)))
    else:
        lo, hi = est - q * se, est + q * se
    if ci == "logit":  # the estimators refuse non-proportions up front; a ratio above 1 can still get here
        outside = est.notna() & ((est < 0) | (est > 1)) & (flag == "")
        flag[outside] = FLAG_NOT_PROPORTION
    out["se"], out["ci_low"], out["ci_high"] = se, lo, hi
    out["deff"] = (_deff(out, var, deff) if "sse" in out.columns and deff else pd.Series(np.nan, index=out.index)).where(flag == "")
    out["n"] = out["n"].astype("int64")
    out["flag"] = flag
    extra = [c for c in ("n_x", "n_y") if c in out.columns]
    return out[by + COLUMNS + extra + ["flag"]].reset_index(drop=True)


def _deff(out: pd.DataFrame, var: pd.Series, mode: str) -> pd.Series:
    """Design effect as R's deff: variance over the variance of a simple random sample of the same size.

    vsrs = sum w e^2 * W / ((n - 1) * D^2), with e the residual (num - theta*den), W the weighted n
    and D the weighted denominator (1 for totals); mode 'without' multiplies by (W - n) / W as R's
    deff=TRUE does, 'replace' is R's deff="replace".
    """
    if mode not in DEFF_MODES:
        raise ValueError(f"deff must be one of {DEFF_MODES}, not {mode!r}")
    n = out["n"].astype(float)
    w = out["n_weighted"].astype(float)
    d = out["dsum"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        vsrs = out["sse"].astype(float) * w / ((n - 1) * d * d)
        if mode == "without":
            vsrs = vsrs * (w - n) / w
        res = var / vsrs
    return res.where((n > 1) & np.isfinite(res))
