"""Hand-worked small designs, solved on paper (numbers in the comments), against the engine."""

import math

import pandas as pd
import pytest
from scipy import stats

from perthyn.estimate import Design, ReplicateSpec, gap, mean, ratio, total

# Two strata, two PSUs each; PSU a has two people.
TINY = pd.DataFrame({
    "h":   ["1", "1", "1", "2", "2"],
    "psu": ["a", "a", "b", "c", "d"],
    "w":   [1.0, 1.0, 2.0, 1.0, 1.0],
    "y":   [1.0, 3.0, 5.0, 2.0, 4.0],
})


def test_mean_whole_sample_closed_form():
    # ybar = 20/6 = 10/3. Influence per PSU z = sum w(y - ybar)/W: a -4/9, b 5/9, c -2/9, d 1/9.
    # Stratum 1: deviations from 1/18 are -1/2, 1/2 -> 1/2 * 2/(2-1) = 1; stratum 2: 1/18 * 2 = 1/9.
    d = Design(TINY, weight="w", strata="h", psu="psu")
    r = mean(d, "y", level=0.95)
    assert r.estimate[0] == pytest.approx(10 / 3, rel=1e-12)
    assert r.se[0] == pytest.approx(math.sqrt(10 / 9), rel=1e-12)
    assert r.df[0] == 2  # 4 PSUs - 2 strata
    q = stats.t.ppf(0.975, 2)
    assert r.ci_low[0] == pytest.approx(10 / 3 - q * math.sqrt(10 / 9), rel=1e-12)
    assert (r.n[0], r.n_weighted[0]) == (5, 6.0)


def test_domain_counts_empty_psus_as_zero():
    # Domain y >= 3: rows (a,3,w1), (b,5,w2), (d,4,w1); W = 4, ybar = 17/4.
    # z: a -0.3125, b 0.375, c 0 (no members, still counted), d -0.0625.
    # Stratum 1: mean 0.03125, ss 0.236328125, x2 = 0.47265625; stratum 2: mean -0.03125, ss 0.001953125, x2.
    df = TINY.assign(big=TINY.y >= 3)
    d = Design(df, weight="w", strata="h", psu="psu")
    r = mean(d, "y", by=["big"]).set_index("big")
    assert r.loc[True, "estimate"] == pytest.approx(4.25, rel=1e-12)
    assert r.loc[True, "se"] == pytest.approx(math.sqrt(0.47265625 + 0.00390625), rel=1e-12)
    assert r.loc[True, "n"] == 3


def test_total_and_ratio_closed_form():
    d = Design(TINY, weight="w", strata="h", psu="psu")
    t = total(d, "y")
    # PSU totals 4, 10 | 2, 4: stratum variances 2*(3^2+3^2)... = 2*18 = 36 and 2*(1+1) = 4.
    assert t.estimate[0] == 20 and t.se[0] == pytest.approx(math.sqrt(40), rel=1e-12)
    r = ratio(d, "y", "w")  # sum w*y / sum w*w = 20 / 8
    assert r.estimate[0] == pytest.approx(2.5, rel=1e-12)


def test_gap_of_a_tiny_design():
    # g=1 rows: (a,1,w1),(b,5,w2): mean 11/3; g=0 rows: (a,3),(c,2),(d,4) all w1: mean 3. Gap 2/3.
    df = TINY.assign(g=[1, 0, 1, 0, 0])
    d = Design(df, weight="w", strata="h", psu="psu")
    r = gap(d, "y", compare=("g", "1", "0"))
    assert r.estimate[0] == pytest.approx(2 / 3, rel=1e-12)
    # Influence: g=1 part (w(y-11/3)/3): a -8/9, b 8/9; g=0 part (y-3)/3: a 0, c -1/3, d 1/3.
    # z = z1 - z0: a -8/9, b 8/9, c 1/3, d -1/3 -> stratum 1: 2*(2*(8/9)^2), stratum 2: 2*(2/9).
    assert r.se[0] == pytest.approx(math.sqrt(4 * 64 / 81 + 4 / 9), rel=1e-12)
    assert (r.n_x[0], r.n_y[0]) == (2, 3)


def test_jk1_closed_form():
    # Two replicates for three rows: theta_r are 2.0 and 3.0, mean 2.5, scale (R-1)/R = 1/2.
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0], "w": [1.0, 1.0, 1.0], "r1": [1.0, 1.0, 0.0], "r2": [0.0, 1.0, 1.0]})
    d = Design(df, weight="w", replicate=ReplicateSpec(["r1", "r2"], type="JK1"))
    # r1: (1+2)/2 = 1.5, r2: (2+3)/2 = 2.5 -> centre 2, v = 1/2 * (0.25 + 0.25) = 0.25
    r = mean(d, "y")
    assert r.estimate[0] == 2 and r.se[0] == pytest.approx(0.5, rel=1e-12)


def test_logit_interval_closed_form():
    df = pd.DataFrame({"y": [1, 0, 0, 1, 1, 0, 1, 1], "w": [1.0] * 8})
    d = Design(df, weight="w")
    r = mean(d, "y", ci="logit", level=0.95)
    p, se = r.estimate[0], r.se[0]
    q = stats.t.ppf(0.975, 7)
    eta = math.log(p / (1 - p))
    assert r.ci_low[0] == pytest.approx(1 / (1 + math.exp(-(eta - q * se / (p * (1 - p))))), rel=1e-12)
    assert 0 < r.ci_low[0] < p < r.ci_high[0] < 1
