"""Hand-worked cases and COINr's documented behaviour for each step."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from perthyn import composite as c
from perthyn.composite.aggregate import copeland, power_mean
from perthyn.composite.normalise import normalise_vector
from perthyn.composite.treat import skew_kurt, treat_vector


def test_minmax_any_range_and_direction():
    x = np.array([1.0, 2, 3, 5])
    assert normalise_vector(x, "minmax").tolist() == [0, 25, 50, 100]
    assert normalise_vector(x, "minmax", low=1, high=10).tolist() == [1, 3.25, 5.5, 10]
    # direction -1 is applied before normalising: the smallest value scores best
    assert normalise_vector(x, "minmax", direction=-1).tolist() == [100, 75, 50, 0]


def test_constant_indicator_under_minmax_is_missing_with_a_warning(small):
    coin = c.read_coin(*small)
    coin.data["Raw"]["i1"] = 7.0
    with pytest.warns(UserWarning, match="constant"):
        c.normalise(coin, method="minmax")
    assert coin.get("Normalised")["i1"].isna().all()
    assert any("i1" in w for w in coin.warnings)


def test_zscore_uses_sample_sd():
    x = np.array([2.0, 4, 4, 4, 5, 5, 7, 9])  # mean 5, sum of squares 32
    sd = math.sqrt(32 / 7)
    assert np.allclose(normalise_vector(x, "zscore"), (x - 5) / sd)


def test_percentile_rank_ties_at_minimum():
    x = np.array([10.0, 20, 20, 30, np.nan])
    # ranks with ties at the minimum: 1, 2, 2, 4; n = 4 present
    out = normalise_vector(x, "prank")
    assert np.allclose(out[:4], [0, 1 / 3, 1 / 3, 1]) and np.isnan(out[4])
    assert normalise_vector(x, "rank")[:4].tolist() == [1, 2, 2, 4]


def test_goalposts_and_distance_to_target():
    x = np.array([-5.0, 2, 5, 12])
    assert normalise_vector(x, "goalposts", goalpost=(0, 10, 100)).tolist() == [0, 20, 50, 100]
    assert normalise_vector(x, "goalposts", direction=-1, goalpost=(0, 10, 100)).tolist() == [100, 80, 50, 0]
    # distance to target 7 from the minimum -5, capped at 1
    assert np.allclose(normalise_vector(x, "dist2targ", target=7), [0, 7 / 12, 10 / 12, 1])
    assert np.allclose(normalise_vector(x, "dist2max"), (x + 5) / 17)


def test_weighted_means_renormalise_over_available_values():
    w = np.array([[1.0, 1, 2]])
    v = np.array([[50.0, np.nan, 100]])
    assert power_mean(v, w)[0, 0] == pytest.approx((50 + 200) / 3)
    v2 = np.array([[1.0, 100]])
    w2 = np.array([[1.0, 1]])
    assert power_mean(v2, w2, "gmean")[0, 0] == pytest.approx(10)
    assert power_mean(v2, w2, "hmean")[0, 0] == pytest.approx(2 / (1 + 0.01))
    assert power_mean(v2, w2, "genmean", 2)[0, 0] == pytest.approx(math.sqrt((1 + 10000) / 2))
    assert np.isnan(power_mean(np.array([[np.nan, np.nan]]), w2)[0, 0])


def test_geometric_mean_refuses_non_positive_values():
    with pytest.raises(ValueError, match="positive"):
        power_mean(np.array([[0.0, 5]]), np.array([[1.0, 1]]), "gmean")


def test_copeland_hand_worked():
    # three units, two indicators, weights 2 and 1
    v = np.array([[3.0, 1], [2, 2], [1, 3]])
    # A vs B: A better on i1 (2), worse on i2 (1): A wins. A vs C: same, A wins. B vs C: B wins.
    assert copeland(v, np.array([2.0, 1])).tolist() == [2, 0, -2]
    # equal weights: every contest is a tie
    assert copeland(v, np.array([1.0, 1])).tolist() == [0, 0, 0]


def test_full_small_pipeline_by_hand(small):
    coin = c.read_coin(*small)
    c.normalise(coin, method="minmax")
    c.aggregate(coin)
    n = coin.get("Normalised")
    # i1: 1,2,3,5 -> 0,25,50,100 ; i2: 10,20,40,30 -> 0,33.3,100,66.7 ; i3 (direction -1): 5,NA,15,25 -> 100,NA,50,0
    assert n.loc["C", "i2"] == pytest.approx(100) and n.loc["A", "i3"] == pytest.approx(100)
    agg = coin.get("Aggregated")
    assert agg.loc["B", "P1"] == pytest.approx((25 + 3 * 100 / 3) / 4)
    assert np.isnan(agg.loc["B", "P2"])
    # B's index uses P1 alone (P2 missing): weights re-normalised
    assert agg.loc["B", "Index"] == pytest.approx(agg.loc["B", "P1"])
    res = coin.results()
    assert list(res.columns) == ["uCode", "i1", "i2", "i3", "P1", "P2", "Index", "Rank"]
    # by hand: P1 = (i1 + 3 i2)/4 = 0, 31.25, 87.5, 75; P2 = 100, NA, 50, 0; Index = 50, 31.25, 68.75, 37.5
    assert agg["Index"].tolist() == pytest.approx([50, 31.25, 68.75, 37.5])
    assert res.set_index("uCode")["Rank"].to_dict() == {"A": 2, "B": 4, "C": 1, "D": 3}


def test_impute_mean_median_and_by_group(small):
    coin = c.read_coin(*small)
    c.impute(coin, method="mean")
    assert coin.get("Imputed").loc["B", "i3"] == pytest.approx((5 + 15 + 25) / 3)
    c.impute(coin, dset="Raw", method="median_group", group="grp")
    assert coin.get("Imputed").loc["B", "i3"] == pytest.approx(5)  # only A shares B's group
    log = coin.logs["Imputed"]
    assert log[["uCode", "iCode"]].values.tolist() == [["B", "i3"]]


def test_screen_by_data_availability(small):
    coin = c.read_coin(*small)
    c.screen(coin, dat_thresh=0.9)
    assert list(coin.get("Screened").index) == ["A", "C", "D"]
    log = coin.logs["Screened"].set_index("uCode")
    assert log.loc["B", "availability"] == pytest.approx(2 / 3) and not log.loc["B", "included"]


def test_denominate(write_coin):
    from composite_helpers import meta_row

    data = [{"uCode": "A", "x": 10, "pop": 2}, {"uCode": "B", "x": 9, "pop": 3}]
    meta = [meta_row(1, "x", "I", Denominator="pop"), meta_row(2, "I", None), {"iCode": "pop", "Type": "Denominator"}]
    coin = c.read_coin(*write_coin(data, meta))
    c.denominate(coin)
    assert coin.get("Denominated")["x"].tolist() == [5, 3]


def _skew_kurt_by_hand(x):
    # e1071 type 2 (Excel SKEW and KURT) written out
    n = len(x)
    d = x - x.mean()
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    g1, g2 = m3 / m2**1.5, m4 / m2**2 - 3
    return g1 * math.sqrt(n * (n - 1)) / (n - 2), ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


def test_skew_and_kurtosis_are_the_bias_corrected_sample_statistics():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    assert np.allclose(skew_kurt(x), _skew_kurt_by_hand(x))


def test_winsorisation_follows_the_skew_and_kurtosis_rule():
    # COINr's documented example: 1..10 with two outliers, 30 and 100
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    sk0, ku0 = _skew_kurt_by_hand(x)
    assert abs(sk0) > 2 and ku0 > 3.5  # fails the check: treat
    step1 = np.r_[x[:11], 30.0]        # the highest point takes the next highest value
    sk1, ku1 = _skew_kurt_by_hand(step1)
    assert abs(sk1) < 2 or ku1 < 3.5   # passes: stop after one point
    out, info, labels = treat_vector(x, winmax=5)
    assert out.tolist() == step1.tolist()
    assert info["n_winsorised"] == 1 and not info["log_transformed"] and info["passed_after"]
    assert labels.tolist()[-1] == "winhi" and (labels[:-1] == "").all()


def test_winsorisation_limit_then_log_transform_of_the_original_values():
    y = np.r_[np.arange(1, 21.0), 200, 500]
    # by hand: one point (500 -> 200) is not enough
    sk, ku = _skew_kurt_by_hand(np.r_[np.arange(1, 21.0), 200, 200])
    assert abs(sk) > 2 and ku > 3.5
    out, info, labels = treat_vector(y, winmax=1)
    assert info["log_transformed"] and set(labels) == {"log"}
    a = 0.01 * (500 - 1)
    assert np.allclose(out, np.log(y - 1 + a))
    # with room for more points Winsorisation succeeds instead
    _, info2, _ = treat_vector(y, winmax=5)
    assert not info2["log_transformed"] and info2["n_winsorised"] >= 2


def test_treat_leaves_passing_indicators_alone_and_logs(small):
    coin = c.read_coin(*small)
    c.treat(coin)
    assert coin.get("Treated").equals(coin.get("Raw"))
    assert coin.logs["Treated"]["passed_before"].all()


def test_effective_weights_alpha_and_pca_against_other_routes(small):
    coin = c.read_coin(*small)
    ew = c.effective_weights(coin)["EffectiveWeight"]
    assert ew["i1"] == pytest.approx(0.5 * 1 / 4) and ew["i2"] == pytest.approx(0.5 * 3 / 4)
    assert ew["i3"] == pytest.approx(0.5)
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(30, 4)) + rng.normal(size=(30, 1)), columns=list("abcd"))
    cov = frame.cov().to_numpy()
    k = 4
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    assert c.cronbach_alpha(frame) == pytest.approx(alpha)
    explained, _ = c.pca(frame)
    eig = np.sort(np.linalg.eigvalsh(frame.corr().to_numpy()))[::-1]
    assert np.allclose(explained["eigenvalue"], eig)


def test_every_intermediate_table_exported(small, tmp_path):
    coin = c.read_coin(*small)
    c.impute(coin)
    c.treat(coin)
    c.normalise(coin)
    c.aggregate(coin)
    c.analyse(coin)
    names = {p.name for p in coin.export(tmp_path)}
    for expected in ("data_Raw.csv", "data_Imputed.csv", "data_Treated.csv", "data_Normalised.csv",
                     "data_Aggregated.csv", "log_Imputed.csv", "log_Treated.csv", "results.csv",
                     "analysis_effective_weights.csv", "analysis_cronbach_alpha.csv", "analysis_pca_loadings.csv"):
        assert expected in names
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pd.read_csv(tmp_path / "results.csv").shape == (4, 8)
