"""Monte Carlo uncertainty and variance-based sensitivity of the ranks.

Uncertain inputs: the weights (each multiplied by U(1 - a, 1 + a), at every level), the
normalisation method, the aggregation method, and imputation on or off. The few normalised
indicator matrices are computed once; each replication then only re-aggregates, and whole
batches of replications are aggregated together with matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .normalise import minmax, prank, rank, zscore
from .aggregate import Tree, aggregate_tree, top_scores_complete
from .coin import Coin

# Normalisations used in the Monte Carlo all give strictly positive scores, so that geometric and
# harmonic means are always defined; each keeps the order of its COINr counterpart.
MC_NORMALISERS = {
    "minmax": lambda x: minmax(x, 1.0, 100.0),
    "zscore": lambda x: zscore(x, 100.0, 10.0),
    "prank": lambda x: 1.0 + 99.0 * prank(x),
    "rank": rank,
    # for data already on one common, non-negative scale (e.g. 0-100 area scores): keep it, shifted by 1
    "none": lambda x: x + 1.0,
}


def rank_columns(scores: np.ndarray) -> np.ndarray:
    """Rank each column, 1 = highest, ties at the minimum rank, missing stays missing.

    One argsort per column (vectorised), then tied runs take the rank of their first member.
    """
    n = scores.shape[0]
    order = np.argsort(np.where(np.isnan(scores), np.inf, -scores), axis=0, kind="stable")
    v = np.take_along_axis(scores, order, axis=0)
    new = np.ones_like(v, dtype=bool)
    new[1:] = v[1:] != v[:-1]
    first = np.maximum.accumulate(np.where(new, np.arange(n)[:, None], 0), axis=0)
    ranks = np.empty_like(scores)
    np.put_along_axis(ranks, order, first + 1.0, axis=0)
    ranks[np.isnan(scores)] = np.nan
    return ranks


@dataclass
class UncertaintySpec:
    replications: int = 1000
    weight_noise: float = 0.25
    normalisations: tuple = ("minmax", "zscore", "prank")
    aggregations: tuple = ("amean", "gmean")
    imputation: tuple = (False, True)       # imputation off / on
    impute_method: str = "mean"
    nominal: dict = field(default_factory=lambda: {"normalisation": "minmax", "aggregation": "amean",
                                                   "imputation": True})
    seed: int = 20240101
    batch: int = 2000


class Model:
    """Everything fixed across replications, and a vectorised evaluate(choices) -> ranks."""

    def __init__(self, coin: Coin, dset: str | None, spec: UncertaintySpec):
        self.spec = spec
        self.tree = Tree.from_coin(coin)
        self.units = coin.get(dset).index
        table = coin.get(dset)
        raw = table[list(self.tree.codes[: self.tree.n_indicators])].to_numpy(dtype=float)
        direction = coin.meta["Direction"].reindex(list(self.tree.codes[: self.tree.n_indicators])).to_numpy()
        raw = raw * direction  # direction first, so every method reads higher = better
        if len(set(spec.imputation)) > 1 and not np.isnan(raw).any():
            coin.warn(f"uncertainty: data set '{dset or coin.last}' has no missing indicator values, so the "
                      "imputation on/off factor changes nothing (imputed and unimputed data are the same)")
        filled = np.where(np.isnan(raw), getattr(np, "nan" + spec.impute_method)(raw, axis=0), raw)
        self.matrices = {}
        for imp in spec.imputation:
            base = filled if imp else raw
            for name in spec.normalisations:
                f = MC_NORMALISERS[name]
                self.matrices[(imp, name)] = np.column_stack([f(base[:, j]) for j in range(base.shape[1])])
        self.w0 = coin.weights().reindex(list(self.tree.codes)).to_numpy()
        self.top = len(self.tree.codes) - 1 - self.tree.n_indicators  # last aggregate is the top level

    def evaluate(self, imp: np.ndarray, nrm: np.ndarray, agg: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Ranks (n_units, R) for choices given as indices into the spec's option lists."""
        spec, r = self.spec, len(imp)
        scores = np.full((len(self.units), r), np.nan)
        combos = np.stack([imp, nrm, agg], axis=1)
        for combo in np.unique(combos, axis=0):
            idx = np.flatnonzero((combos == combo).all(axis=1))
            x = self.matrices[(spec.imputation[combo[0]], spec.normalisations[combo[1]])]
            method = spec.aggregations[combo[2]]
            if method != "copeland" and not np.isnan(x).any():
                scores[:, idx] = top_scores_complete(x, self.tree, w[idx], method)
                continue
            cache = {}
            for start in range(0, len(idx), spec.batch):
                part = idx[start:start + spec.batch]
                scores[:, part] = aggregate_tree(x, self.tree, w[part], method, cache=cache)[:, self.top, :]
        return rank_columns(scores)

    def sample_weights(self, u: np.ndarray) -> np.ndarray:
        a = self.spec.weight_noise
        return self.w0[None, :] * (1 - a + 2 * a * u)

    def nominal(self) -> np.ndarray:
        spec, nom = self.spec, self.spec.nominal
        choice = [np.array([spec.imputation.index(nom["imputation"])]),
                  np.array([spec.normalisations.index(nom["normalisation"])]),
                  np.array([spec.aggregations.index(nom["aggregation"])])]
        return self.evaluate(*choice, self.w0[None, :])[:, 0]


@dataclass
class UncertaintyResult:
    table: pd.DataFrame        # per unit: nominal (Int64, missing without a top-level score), median rank,
                               # 5% and 95% rank, interval width
    ranks: np.ndarray          # (n_units, R)
    choices: pd.DataFrame      # what each replication used


def run_uncertainty(coin: Coin, dset: str | None = None, spec: UncertaintySpec | None = None,
                    progress=None) -> UncertaintyResult:
    spec = spec or UncertaintySpec()
    model = Model(coin, dset, spec)
    rng = np.random.default_rng(spec.seed)
    r = spec.replications
    imp = rng.integers(len(spec.imputation), size=r)
    nrm = rng.integers(len(spec.normalisations), size=r)
    agg = rng.integers(len(spec.aggregations), size=r)
    w = model.sample_weights(rng.random((r, len(model.w0))))
    ranks = model.evaluate(imp, nrm, agg, w)
    nominal = model.nominal()
    q05, q50, q95 = np.percentile(ranks, [5, 50, 95], axis=1)
    table = pd.DataFrame({"uCode": model.units, "nominal_rank": pd.array(nominal, dtype="Int64"), "median_rank": q50,
                          "rank_q05": q05, "rank_q95": q95, "interval_width": q95 - q05,
                          "mean_rank": ranks.mean(axis=1)})
    choices = pd.DataFrame({"imputation": np.array(spec.imputation)[imp],
                            "normalisation": np.array(spec.normalisations)[nrm],
                            "aggregation": np.array(spec.aggregations)[agg]})
    return UncertaintyResult(table.sort_values("median_rank").reset_index(drop=True), ranks, choices)


def run_sensitivity(coin: Coin, dset: str | None = None, spec: UncertaintySpec | None = None,
                    n: int = 256) -> pd.DataFrame:
    """Sobol first-order and total indices (SALib, Saltelli sampling) of the mean absolute rank
    shift from the nominal ranking. Factors: weights at each level, normalisation, aggregation,
    imputation. A discrete factor's value in [0, 1) picks one of its options."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    spec = spec or UncertaintySpec()
    model = Model(coin, dset, spec)
    levels = sorted({lvl for lvl in (coin.meta["Level"].reindex(list(model.tree.codes)).to_numpy())})
    levels = [lvl for lvl in levels if lvl < coin.max_level]
    names = [f"weights_level{lvl}" for lvl in levels] + ["normalisation", "aggregation", "imputation"]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=spec.seed)
    rng = np.random.default_rng(spec.seed)
    noise = rng.random((n, len(model.w0)))  # one weight perturbation per bin of each level's factor
    code_level = coin.meta["Level"].reindex(list(model.tree.codes)).to_numpy()
    u = np.full((len(x), len(model.w0)), 0.5)  # 0.5 = nominal weight
    for j, lvl in enumerate(levels):
        pick = np.minimum((x[:, j] * n).astype(int), n - 1)
        cols = code_level == lvl
        u[:, cols] = noise[pick][:, cols]

    def pick(col, options):
        return np.minimum((x[:, col] * len(options)).astype(int), len(options) - 1)

    d = len(levels)
    ranks = model.evaluate(pick(d + 2, spec.imputation), pick(d, spec.normalisations),
                           pick(d + 1, spec.aggregations), model.sample_weights(u))
    y = np.abs(ranks - model.nominal()[:, None]).mean(axis=0)
    s = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=spec.seed)
    return pd.DataFrame({"factor": names, "S1": s["S1"], "S1_conf": s["S1_conf"], "ST": s["ST"],
                         "ST_conf": s["ST_conf"]}).set_index("factor")
