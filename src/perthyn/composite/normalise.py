"""Normalisation onto a common scale, following COINr's n_* functions.

Direction is applied first (values of a Direction -1 indicator are multiplied by -1), so that
every method makes higher = better. A constant indicator has no range: min-max and distance
to maximum give missing values and a warning rather than a crash or a silent zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .coin import Coin

METHODS = ("minmax", "zscore", "rank", "prank", "goalposts", "dist2max", "dist2targ", "fracmax", "none")


def minmax(x: np.ndarray, low: float = 0.0, high: float = 100.0) -> np.ndarray:
    lo, hi = np.nanmin(x), np.nanmax(x)
    if lo == hi:
        return np.full_like(x, np.nan, dtype=float)
    return (x - lo) / (hi - lo) * (high - low) + low


def zscore(x: np.ndarray, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
    s = np.nanstd(x, ddof=1)  # sample standard deviation, as R's sd()
    if not s:
        return np.full_like(x, np.nan, dtype=float)
    return (x - np.nanmean(x)) / s * sd + mean


def rank(x: np.ndarray) -> np.ndarray:
    return pd.Series(x).rank(method="min", na_option="keep").to_numpy(dtype=float)


def prank(x: np.ndarray) -> np.ndarray:
    """Percentile rank (rank - 1) / (n - 1), ties at the minimum rank, n = values present."""
    n = np.count_nonzero(~np.isnan(x))
    if n < 2:
        return np.full_like(x, np.nan, dtype=float)
    return (rank(x) - 1) / (n - 1)


def dist2max(x: np.ndarray) -> np.ndarray:
    lo, hi = np.nanmin(x), np.nanmax(x)
    if lo == hi:
        return np.full_like(x, np.nan, dtype=float)
    return 1 - (hi - x) / (hi - lo)


def dist2targ(x: np.ndarray, target: float, cap: bool = True) -> np.ndarray:
    lo = np.nanmin(x)
    if target == lo:
        return np.full_like(x, np.nan, dtype=float)
    y = (x - lo) / (target - lo)
    return np.minimum(y, 1.0) if cap else y


def goalposts(x: np.ndarray, lower: float, upper: float, direction: int = 1, scale: float = 100.0,
              truncate: bool = True) -> np.ndarray:
    """Share of the way from the worst goalpost to the best, on the indicator's own scale."""
    worst, best = (lower, upper) if direction == 1 else (upper, lower)
    y = (x - worst) / (best - worst)
    if truncate:
        y = np.clip(y, 0.0, 1.0)
    return y * scale


def normalise_vector(x: np.ndarray, method: str, *, direction: int = 1, low: float = 0.0, high: float = 100.0,
                     mean: float = 0.0, sd: float = 1.0, target: float | None = None,
                     goalpost: tuple | None = None, cap: bool = True) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if method == "goalposts":
        if goalpost is None or any(pd.isna(g) for g in goalpost[:2]):
            raise ValueError("goalposts need goalpost_lower and goalpost_upper in iMeta")
        lower, upper, scale = goalpost
        return goalposts(x, lower, upper, direction, 100.0 if pd.isna(scale) else scale)
    xd = x * direction
    if method == "minmax":
        return minmax(xd, low, high)
    if method == "zscore":
        return zscore(xd, mean, sd)
    if method == "rank":
        return rank(xd)
    if method == "prank":
        return prank(xd)
    if method == "dist2max":
        return dist2max(xd)
    if method == "dist2targ":
        if target is None or pd.isna(target):
            raise ValueError("dist2targ needs a Target in iMeta")
        return dist2targ(xd, target * direction, cap)
    if method == "fracmax":
        return xd / np.nanmax(xd)
    if method == "none":
        return xd
    raise ValueError(f"normalisation method must be one of {', '.join(METHODS)}")


def _check_parameters(coin: Coin, method: str, per_indicator: dict | None) -> None:
    """Goalposts and targets come from iMeta: say which rows lack them before touching anything."""
    from perthyn.errors import Collector

    needs = {"goalposts": ("goalpost_lower", "goalpost_upper"), "dist2targ": ("Target",)}
    problems = Collector(file=coin.sources.get("iMeta"))
    for position, code in enumerate(coin.meta.index, start=1):
        if coin.meta.at[code, "Type"] != "Indicator":
            continue
        row = coin.meta_rows.get(code, position)  # the row in the iMeta file (framework order if not read from one)
        m = (per_indicator or {}).get(code, method)
        if m not in METHODS:
            problems.add(f"unknown normalisation method '{m}'", column="method", fix=f"use one of {', '.join(METHODS)}")
            break
        for col in needs.get(m, ()):
            if col not in coin.meta.columns or pd.isna(coin.meta.at[code, col]):
                problems.add(f"{m} needs {col} for '{code}'", row=row, line=row + 1, column=col,
                             fix=f"add a {col} column to iMeta with a value for every indicator")
    problems.raise_if_any("normalisation parameters missing from iMeta")


def normalise(coin: Coin, dset: str | None = None, *, method: str = "minmax", low: float = 0.0,
              high: float = 100.0, mean: float = 0.0, sd: float = 1.0, cap: bool = True,
              per_indicator: dict | None = None, write_to: str = "Normalised") -> Coin:
    """Normalise every indicator; `per_indicator` maps an iCode to its own method name."""
    table = coin.get(dset).copy()
    meta = coin.meta
    _check_parameters(coin, method, per_indicator)
    rows = []
    for code in [c for c in coin.indicators if c in table.columns]:
        m = (per_indicator or {}).get(code, method)
        gp = tuple(meta[c].get(code, np.nan) if c in meta.columns else np.nan
                   for c in ("goalpost_lower", "goalpost_upper", "goalpost_scale"))
        target = meta["Target"].get(code) if "Target" in meta.columns else None
        y = normalise_vector(table[code].to_numpy(), m, direction=int(meta.at[code, "Direction"]), low=low,
                             high=high, mean=mean, sd=sd, target=target, goalpost=gp, cap=cap)
        if m in ("minmax", "dist2max", "zscore") and np.all(np.isnan(y)) and table[code].notna().any():
            coin.warn(f"normalise: '{code}' is constant, so {m} leaves it missing for every unit")
        table[code] = y
        rows.append({"iCode": code, "method": m, "direction": int(meta.at[code, "Direction"])})
    coin.put(write_to, table, pd.DataFrame(rows))
    return coin
