"""Statistical checks on a built index: correlations within and across levels, Cronbach's
alpha for each aggregate's children, PCA, and effective weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .coin import Coin


def effective_weights(coin: Coin, weights: dict | None = None) -> pd.DataFrame:
    """Each code's share of the top-level score: its weight among siblings times its parent's share."""
    w = coin.weights(weights)
    share = {}
    for level in range(coin.max_level, 0, -1):
        for code in coin.level_codes(level):
            parent = coin.meta.at[code, "Parent"]
            if pd.isna(parent):
                share[code] = 1.0
                continue
            siblings = coin.children(parent)
            total = w[siblings].sum()
            share[code] = share[parent] * (w[code] / total if total else 0.0)
    out = pd.DataFrame({"iCode": list(share), "Level": [int(coin.meta.at[c, "Level"]) for c in share],
                        "Weight": [w[c] for c in share], "EffectiveWeight": list(share.values())})
    return out.sort_values(["Level", "iCode"], ascending=[False, True]).set_index("iCode")


def correlations(coin: Coin, dset: str = "Aggregated", method: str = "pearson") -> pd.DataFrame:
    """The full correlation matrix of every indicator and aggregate (pairwise complete)."""
    table = coin.get(dset)
    cols = [c for c in coin.indicators + coin.aggregates if c in table.columns]
    return table[cols].corr(method=method)


def parent_correlations(coin: Coin, dset: str = "Aggregated") -> pd.DataFrame:
    """Each code's correlation with its parent and with the top-level index."""
    corr = correlations(coin, dset)
    top = coin.top
    rows = []
    for code in coin.indicators + coin.aggregates:
        parent = coin.meta.at[code, "Parent"]
        if pd.isna(parent) or code not in corr.index:
            continue
        rows.append({"iCode": code, "Level": int(coin.meta.at[code, "Level"]), "Parent": parent,
                     "r_parent": corr.at[code, parent], "r_index": corr.at[code, top]})
    return pd.DataFrame(rows).set_index("iCode")


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """k/(k-1) (1 - sum of item variances / variance of the total), complete cases, sample variances."""
    x = frame.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    if k < 2 or x.shape[0] < 2:
        return float("nan")
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_var / total_var)) if total_var else float("nan")


def alphas(coin: Coin, dset: str = "Aggregated") -> pd.DataFrame:
    table = coin.get(dset)
    rows = [{"iCode": a, "Level": int(coin.meta.at[a, "Level"]), "n_children": len(coin.children(a)),
             "alpha": cronbach_alpha(table[coin.children(a)])} for a in coin.aggregates]
    return pd.DataFrame(rows).set_index("iCode")


def _pca(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """PCA as `pca`, also returning a note of the columns left out (None when nothing was)."""
    all_missing = [str(c) for c in frame.columns if frame[c].isna().all()]
    complete = frame.dropna(axis=1, how="all").dropna()
    x = complete.to_numpy(dtype=float)
    notes = [f"{', '.join(all_missing)} (missing for every unit)"] if all_missing else []
    empty = (pd.DataFrame(columns=["eigenvalue", "explained", "cumulative"], dtype=float),
             pd.DataFrame(dtype=float))
    if len(x) < 2:
        notes.append(f"every indicator: only {len(x)} unit(s) have all the remaining indicators")
        return (*empty, "pca: left out " + "; ".join(notes))
    sd = x.std(axis=0, ddof=1)
    keep = sd > 0
    if not keep.all():
        notes.append(f"{', '.join(map(str, complete.columns[~keep]))} (constant)")
    note = "pca: left out " + "; ".join(notes) if notes else None
    if not keep.any():
        return (*empty, note)
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    var = s**2 / (len(z) - 1)
    names = [f"PC{i + 1}" for i in range(len(s))]
    explained = pd.DataFrame({"eigenvalue": var, "explained": var / var.sum(),
                              "cumulative": np.cumsum(var) / var.sum()}, index=names)
    # sign convention: PC loadings point the same way as the mean of the variables
    signs = np.sign(vt.sum(axis=1))
    signs[signs == 0] = 1
    loadings = pd.DataFrame((vt * signs[:, None]).T, index=complete.columns[keep], columns=names)
    return explained, loadings, note


def pca(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PCA of the standardised complete cases: explained variance per component and loadings.

    Columns missing for every unit (e.g. a constant indicator after min-max) are dropped before
    the complete cases are taken, and constant columns are left out; a warning names them."""
    import warnings

    explained, loadings, note = _pca(frame)
    if note:
        warnings.warn(note, stacklevel=2)
    return explained, loadings


def analyse(coin: Coin, dset: str = "Aggregated", norm_dset: str | None = "Normalised") -> Coin:
    """Attach every analysis table to the coin (exported with it)."""
    coin.analysis["effective_weights"] = effective_weights(coin)
    coin.analysis["correlations"] = correlations(coin, dset)
    coin.analysis["parent_correlations"] = parent_correlations(coin, dset)
    coin.analysis["cronbach_alpha"] = alphas(coin, dset)
    source = coin.get(norm_dset if norm_dset in coin.data else dset)
    explained, loadings, note = _pca(source[[c for c in coin.indicators if c in source.columns]])
    if note:
        coin.warn(note)
    coin.analysis["pca_explained"] = explained
    coin.analysis["pca_loadings"] = loadings
    return coin
