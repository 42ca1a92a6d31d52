"""Outlier treatment as in COINr's defaults: Winsorise while |skew| > 2 and kurtosis > 3.5, up to
`winmax` points; if that does not pass, go back to the original values and log-transform them.

Skew and kurtosis are the bias-corrected sample statistics (e1071 type 2, Excel's SKEW / KURT),
which scipy gives with bias=False.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .coin import Coin


def skew_kurt(x: np.ndarray) -> tuple[float, float]:
    x = x[~np.isnan(x)]
    sk = float(stats.skew(x, bias=False)) if len(x) >= 3 else np.nan
    kt = float(stats.kurtosis(x, fisher=True, bias=False)) if len(x) >= 4 else np.nan
    return sk, kt


def passes(x: np.ndarray, skew_thresh: float, kurt_thresh: float) -> bool:
    sk, kt = skew_kurt(x)
    if np.isnan(sk) or np.isnan(kt):
        return True  # too few points to judge
    return bool(abs(sk) < skew_thresh or kt < kurt_thresh)


def log_ct(x: np.ndarray) -> np.ndarray:
    """COIN Tool log: ln(x - min + 0.01 (max - min)); flips to -ln(max + a - x) for negative skew."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    a = 0.01 * (hi - lo)
    if skew_kurt(x)[0] >= 0:
        return np.log(x - lo + a)
    return -np.log(hi + a - x)


def treat_vector(x: np.ndarray, *, winmax: int | None = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5,
                 fallback: str | None = "log") -> tuple[np.ndarray, dict, np.ndarray]:
    """Return treated values, a summary and a per-point label ('', 'winhi', 'winlo', 'log')."""
    x = np.asarray(x, dtype=float).copy()
    labels = np.full(len(x), "", dtype=object)
    sk0, kt0 = skew_kurt(x)
    info = {"skew_before": sk0, "kurt_before": kt0, "passed_before": passes(x, skew_thresh, kurt_thresh),
            "n_winsorised": 0, "winsorised_high": "", "winsorised_low": "", "log_transformed": False}
    if info["passed_before"]:
        info.update(skew_after=sk0, kurt_after=kt0, passed_after=True)
        return x, info, labels
    original = x.copy()
    nwin = 0
    ok = False
    while winmax is None or nwin < winmax:
        present = ~np.isnan(x)
        if skew_kurt(x)[0] >= 0:
            top = np.nanmax(x)
            idx = np.flatnonzero(present & (x == top))
            rest = x[present & (x != top)]
            if not len(rest):
                break
            x[idx] = rest.max()
            labels[idx] = "winhi"
        else:
            bottom = np.nanmin(x)
            idx = np.flatnonzero(present & (x == bottom))
            rest = x[present & (x != bottom)]
            if not len(rest):
                break
            x[idx] = rest.min()
            labels[idx] = "winlo"
        nwin += len(idx)  # tied extremes are Winsorised together and all count
        if passes(x, skew_thresh, kurt_thresh):
            ok = True
            break
    if ok or fallback is None:
        info["n_winsorised"] = int((labels != "").sum())
    else:
        x = log_ct(original)
        labels = np.where(np.isnan(original), "", "log").astype(object)
        info["log_transformed"] = True
    sk1, kt1 = skew_kurt(x)
    info.update(skew_after=sk1, kurt_after=kt1, passed_after=passes(x, skew_thresh, kurt_thresh))
    return x, info, labels


def treat(coin: Coin, dset: str | None = None, *, winmax: int | None = 5, skew_thresh: float = 2.0,
          kurt_thresh: float = 3.5, fallback: str | None = "log", write_to: str = "Treated") -> Coin:
    table = coin.get(dset).copy()
    rows, points = [], []
    for code in [c for c in coin.indicators if c in table.columns]:
        values, info, labels = treat_vector(table[code].to_numpy(), winmax=winmax, skew_thresh=skew_thresh,
                                            kurt_thresh=kurt_thresh, fallback=fallback)
        table[code] = values
        units = table.index.to_numpy()
        info["winsorised_high"] = " ".join(map(str, units[labels == "winhi"]))
        info["winsorised_low"] = " ".join(map(str, units[labels == "winlo"]))
        rows.append({"iCode": code, **info})
        for u, lab in zip(units, labels):
            if lab:
                points.append({"uCode": u, "iCode": code, "treatment": lab})
        if not info["passed_after"]:
            coin.warn(f"treat: '{code}' still fails the skew/kurtosis check after treatment")
    coin.put(write_to, table, pd.DataFrame(rows))
    coin.logs[write_to + "_points"] = pd.DataFrame(points, columns=["uCode", "iCode", "treatment"])
    return coin
