"""Data preparation steps: denominate, impute, screen units by data availability."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .coin import Coin

IMPUTE_METHODS = ("mean", "median", "mean_group", "median_group")


def denominate(coin: Coin, dset: str = "Raw", *, scale: float = 1.0, write_to: str = "Denominated") -> Coin:
    """Divide each indicator with a Denominator in iMeta by that denominator (times `scale`).

    A zero denominator gives a missing value (not infinity) and a warning naming unit and indicator."""
    table = coin.get(dset).copy()
    rows = []
    if "Denominator" in coin.meta.columns:
        for code, den in coin.meta["Denominator"].dropna().items():
            if code in table.columns:
                d = coin.denominators[den].reindex(table.index)
                zero = (d == 0) & table[code].notna()
                table[code] = table[code] / d.where(d != 0) * scale
                if zero.any():
                    units = ", ".join(map(str, table.index[zero]))
                    coin.warn(f"denominate: '{code}' left missing for unit(s) {units}: denominator '{den}' is 0")
                rows.append({"iCode": code, "Denominator": den, "scale": scale})
    coin.put(write_to, table, pd.DataFrame(rows, columns=["iCode", "Denominator", "scale"]))
    return coin


def impute(coin: Coin, dset: str | None = None, *, method: str = "mean", group: str | None = None,
           write_to: str = "Imputed") -> Coin:
    """Fill missing indicator values column by column; `*_group` methods use the unit's group only."""
    if method not in IMPUTE_METHODS:
        raise ValueError(f"impute method must be one of {', '.join(IMPUTE_METHODS)}")
    table = coin.get(dset).copy()
    stat = "mean" if method.startswith("mean") else "median"
    cols = [c for c in coin.indicators if c in table.columns]
    if method.endswith("_group"):
        if not group or group not in coin.units.columns:
            raise ValueError(f"{method} needs group= one of the group columns: {', '.join(coin.units.columns)}")
        fill = table[cols].groupby(coin.units[group].reindex(table.index)).transform(stat)
    else:
        fill = pd.DataFrame(np.broadcast_to(table[cols].agg(stat).to_numpy(), table[cols].shape),
                            index=table.index, columns=cols)
    missing = table[cols].isna()
    table[cols] = table[cols].fillna(fill)
    log = missing.stack()
    log = log[log].reset_index()
    log.columns = ["uCode", "iCode", "was_missing"]
    log["value"] = [table.at[u, i] for u, i in zip(log["uCode"], log["iCode"])]
    log["method"] = method + (f"({group})" if group and method.endswith("_group") else "")
    still = table[cols].isna().sum().sum()
    if still:
        coin.warn(f"impute: {still} value(s) could not be imputed (no data in the unit's group)")
    coin.put(write_to, table, log.drop(columns="was_missing"))
    return coin


def screen(coin: Coin, dset: str | None = None, *, dat_thresh: float = 0.66, nonzero_thresh: float | None = None,
           write_to: str = "Screened") -> Coin:
    """Keep units with at least `dat_thresh` of their indicators present (and of them non-zero)."""
    table = coin.get(dset)
    cols = [c for c in coin.indicators if c in table.columns]
    avail = table[cols].notna().mean(axis=1)
    keep = avail >= dat_thresh
    log = pd.DataFrame({"uCode": table.index, "availability": avail.to_numpy()})
    if nonzero_thresh is not None:
        nonzero = (table[cols].fillna(0) != 0).mean(axis=1)
        keep &= nonzero >= nonzero_thresh
        log["nonzero"] = nonzero.to_numpy()
    log["included"] = keep.to_numpy()
    dropped = list(table.index[~keep])
    if dropped:
        coin.warn(f"screen: {len(dropped)} unit(s) removed for low data availability: {', '.join(map(str, dropped))}")
    coin.put(write_to, table[keep].copy(), log)
    return coin
