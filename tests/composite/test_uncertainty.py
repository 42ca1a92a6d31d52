"""Monte Carlo rank uncertainty and Sobol sensitivity, checked against cases with known answers."""

import numpy as np
import pandas as pd
import pytest

from perthyn import composite as c
from perthyn.composite.uncertainty import UncertaintySpec, run_sensitivity, run_uncertainty

from composite_helpers import meta_row


@pytest.fixture
def dominated(write_coin):
    rng = np.random.default_rng(5)
    x = rng.uniform(10, 50, size=(12, 6))
    x[0] = 100  # unit U00 is best on every indicator
    x[-1] = 1   # unit U11 is worst on every indicator
    data = pd.DataFrame(x, columns=[f"i{j}" for j in range(6)])
    data.insert(0, "uCode", [f"U{i:02d}" for i in range(12)])
    meta = [meta_row(1, f"i{j}", "P1" if j < 3 else "P2") for j in range(6)]
    meta += [meta_row(2, "P1", "Index"), meta_row(2, "P2", "Index"), meta_row(3, "Index", None)]
    return c.read_coin(*write_coin(data.to_dict("records"), meta))


def test_no_uncertainty_gives_the_pipeline_ranks_every_time(dominated):
    spec = UncertaintySpec(replications=50, weight_noise=0.0, normalisations=("minmax",), aggregations=("amean",),
                           imputation=(True,))
    result = run_uncertainty(dominated, "Raw", spec)
    c.normalise(dominated, method="minmax", low=1, high=100)
    c.aggregate(dominated)
    expected = dominated.results().set_index("uCode")["Rank"]
    table = result.table.set_index("uCode")
    assert (table["interval_width"] == 0).all()
    assert (table["median_rank"] == expected.reindex(table.index)).all()
    assert (result.ranks == result.ranks[:, :1]).all()


def test_a_dominating_unit_is_first_in_every_replication(dominated):
    result = run_uncertainty(dominated, "Raw", UncertaintySpec(replications=400, weight_noise=0.5,
                                                                aggregations=("amean", "gmean", "hmean")))
    t = result.table.set_index("uCode")
    assert t.loc["U00", "rank_q95"] == 1 and t.loc["U11", "rank_q05"] == 12
    assert (t["rank_q05"] <= t["median_rank"]).all() and (t["median_rank"] <= t["rank_q95"]).all()
    assert set(result.choices["aggregation"]) == {"amean", "gmean", "hmean"}


def test_quantiles_are_those_of_the_rank_matrix(dominated):
    result = run_uncertainty(dominated, "Raw", UncertaintySpec(replications=300))
    t = result.table.set_index("uCode")
    row = list(dominated.get("Raw").index).index("U05")
    assert t.loc["U05", "rank_q95"] == pytest.approx(np.percentile(result.ranks[row], 95))
    assert t.loc["U05", "median_rank"] == pytest.approx(np.median(result.ranks[row]))


def test_sobol_indices_find_the_factor_that_matters(dominated):
    # complete data: imputation on/off cannot change anything; normalisation can
    s = run_sensitivity(dominated, "Raw", UncertaintySpec(weight_noise=0.0, normalisations=("minmax", "rank"),
                                                          aggregations=("amean",)), n=128)
    assert s.loc["imputation", "ST"] == pytest.approx(0, abs=1e-9)
    assert s.loc["aggregation", "ST"] == pytest.approx(0, abs=1e-9)
    assert s.loc["normalisation", "ST"] > 0.9


def test_fast_path_for_complete_data_equals_the_level_by_level_tree(dominated):
    from perthyn.composite.aggregate import Tree, aggregate_tree, top_scores_complete

    tree = Tree.from_coin(dominated)
    x = dominated.get("Raw")[list(tree.codes[: tree.n_indicators])].to_numpy()
    w = np.random.default_rng(1).uniform(0.2, 2.0, size=(9, len(tree.codes)))
    for method in ("amean", "gmean", "hmean"):
        assert np.allclose(top_scores_complete(x, tree, w, method), aggregate_tree(x, tree, w, method)[:, -1, :])


def test_rank_columns_matches_scipy():
    from scipy.stats import rankdata

    from perthyn.composite.uncertainty import rank_columns

    rng = np.random.default_rng(1)
    s = rng.integers(0, 5, size=(40, 30)).astype(float)
    s[rng.random(s.shape) < 0.1] = np.nan
    assert np.array_equal(rank_columns(s), rankdata(-s, method="min", axis=0, nan_policy="omit"), equal_nan=True)
