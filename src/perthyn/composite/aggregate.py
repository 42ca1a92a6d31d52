"""Aggregation through the hierarchy: weighted arithmetic, geometric, harmonic and generalised
means, and the Copeland outranking score.

Everything here works on a stack of replications at once (weights W of shape R x k), so the
Monte Carlo uncertainty analysis and the ordinary pipeline (R = 1) share one implementation.
Where a child value is missing, the remaining children's weights are re-normalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .coin import Coin

METHODS = ("amean", "gmean", "hmean", "genmean", "copeland")


class AggregationError(ValueError):
    pass


def _forward(v: np.ndarray, method: str, p: float | None) -> np.ndarray:
    if method == "amean":
        return v
    if method in ("gmean", "hmean") or (method == "genmean" and p is not None and p <= 0):
        if np.nanmin(v, initial=np.inf) <= 0:
            raise AggregationError(f"{method} needs strictly positive values; normalise to a positive range "
                                   "first (e.g. min-max to 1-100)")
    if method == "gmean":
        return np.log(v)
    if method == "hmean":
        return 1.0 / v
    if method == "genmean":
        if p is None:
            raise AggregationError("genmean needs the power p")
        return np.log(v) if p == 0 else v ** p
    raise AggregationError(f"aggregation method must be one of {', '.join(METHODS)}")


def _inverse(y: np.ndarray, method: str, p: float | None) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "amean":
            return y
        if method == "gmean" or (method == "genmean" and p == 0):
            return np.exp(y)
        if method == "hmean":
            return 1.0 / y
        return y ** (1.0 / p)


def _prepare(v: np.ndarray, method: str, p: float | None) -> tuple[np.ndarray, np.ndarray]:
    present = ~np.isnan(v)
    return np.where(present, _forward(np.where(present, v, 1.0), method, p), 0.0), present.astype(float)


def power_mean(v: np.ndarray, w: np.ndarray, method: str = "amean", p: float | None = None,
               prepared: tuple | None = None) -> np.ndarray:
    """Weighted mean of children over replications.

    v: (n, k) children values shared by all replications, or (n, k, R) per replication.
    w: (R, k) weights. Returns (n, R); missing where no child is present. `prepared` reuses the
    transformed values and the presence mask of a fixed v across batches.
    """
    f, present = prepared if prepared is not None else _prepare(v, method, p)
    if v.ndim == 2:
        num = f @ w.T
        den = present @ w.T
    else:
        num = np.einsum("nkr,rk->nr", f, w, optimize=True)
        den = np.einsum("nkr,rk->nr", present, w, optimize=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _inverse(num / den, method, p)
    out[den <= 0] = np.nan
    return out


def copeland(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score per unit: pairwise contests won minus lost, a contest being won when the
    weights of the children where the unit is better exceed those where it is worse.

    v: (n, k); w: (k,). Children missing for either unit of a pair are left out of that contest.
    """
    diff = np.sign(v[:, None, :] - v[None, :, :])          # (n, n, k)
    diff = np.nan_to_num(diff, nan=0.0)
    net = diff @ w
    score = np.sign(np.round(net, 12)).sum(axis=1)
    score[np.all(np.isnan(v), axis=1)] = np.nan
    return score


@dataclass(frozen=True)
class Tree:
    """The hierarchy as index arrays: codes = indicators then aggregates level by level."""

    codes: tuple
    n_indicators: int
    nodes: tuple  # (position of aggregate in codes, child positions, level), bottom-up

    @classmethod
    def from_coin(cls, coin: Coin) -> "Tree":
        inds = coin.indicators
        aggs = [c for lvl in range(2, coin.max_level + 1) for c in coin.level_codes(lvl)]
        codes = tuple(inds + aggs)
        pos = {c: i for i, c in enumerate(codes)}
        nodes = tuple((pos[a], np.array([pos[c] for c in coin.children(a)]), int(coin.meta.at[a, "Level"]))
                      for a in aggs)
        return cls(codes, len(inds), nodes)


def aggregate_tree(x: np.ndarray, tree: Tree, w: np.ndarray, method: str | dict = "amean",
                   p: float | None = None, cache: dict | None = None) -> np.ndarray:
    """Aggregate indicator values x (n, k_ind) up the tree for R weight sets w (R, n_codes).

    Returns the aggregates only, (n, n_aggregates, R), in tree order. `method` may map a level
    to its own method. Children of a node all sit one level below it, so level-2 nodes read x
    directly (one matrix product for all replications) and higher nodes read earlier aggregates.
    `cache` (a dict kept by the caller for one x) saves re-transforming x batch after batch.
    """
    n, r, k = x.shape[0], w.shape[0], tree.n_indicators
    out = np.empty((n, len(tree.codes) - k, r))
    for pos, kids, level in tree.nodes:
        m = method.get(level, "amean") if isinstance(method, dict) else method
        from_x = bool(np.all(kids < k))
        if m == "copeland":
            for j in range(r):
                v = x[:, kids] if from_x else out[:, kids - k, j]
                out[:, pos - k, j] = copeland(v, w[j, kids])
        elif from_x:
            key = (pos, m, p)
            if cache is None or key not in cache:
                prepared = _prepare(x[:, kids], m, p)
                if cache is not None:
                    cache[key] = prepared
            else:
                prepared = cache[key]
            out[:, pos - k, :] = power_mean(x[:, kids], w[:, kids], m, p, prepared)
        else:
            out[:, pos - k, :] = power_mean(out[:, kids - k, :], w[:, kids], m, p)
    return out


def effective_weights_matrix(tree: Tree, w: np.ndarray) -> np.ndarray:
    """(R, k_ind): each indicator's share of the top level for every replication's weights."""
    k = tree.n_indicators
    share = np.zeros_like(w)
    share[:, tree.nodes[-1][0]] = 1.0  # the top node comes last, bottom-up
    for pos, kids, _ in reversed(tree.nodes):
        total = w[:, kids].sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            share[:, kids] = np.where(total > 0, w[:, kids] / total, 0.0) * share[:, [pos]]
    return share[:, :k]


def top_scores_complete(x: np.ndarray, tree: Tree, w: np.ndarray, method: str, p: float | None = None) -> np.ndarray:
    """Top-level scores (n, R) when x has no missing value and one power mean is used at every level.

    Nested power means of the same kind are one power mean with the effective weights (the mean is
    linear in f(x): x, ln x, 1/x or x^p), so the whole tree is a single matrix product.
    """
    f = _forward(x, method, p)
    return _inverse(f @ effective_weights_matrix(tree, w).T, method, p)


def aggregate(coin: Coin, dset: str | None = None, *, method: str | dict = "amean", p: float | None = None,
              weights: dict | None = None, write_to: str = "Aggregated") -> Coin:
    """Aggregate the (normalised) indicators through every level, keeping every column."""
    table = coin.get(dset)
    tree = Tree.from_coin(coin)
    w = coin.weights(weights).reindex(list(tree.codes)).to_numpy()[None, :]
    x = table[list(tree.codes[: tree.n_indicators])].to_numpy(dtype=float)
    aggs = aggregate_tree(x, tree, w, method, p)[:, :, 0]
    result = pd.DataFrame(np.hstack([x, aggs]), index=table.index, columns=list(tree.codes))
    log = pd.DataFrame([{"iCode": tree.codes[pos], "Level": lvl,
                         "method": method.get(lvl, "amean") if isinstance(method, dict) else method,
                         "children": " ".join(tree.codes[k] for k in kids)} for pos, kids, lvl in tree.nodes])
    coin.put(write_to, result, log)
    return coin
