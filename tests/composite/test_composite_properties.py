"""Properties that must hold for any data (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perthyn.composite.aggregate import power_mean
from perthyn.composite.normalise import normalise_vector

values = arrays(np.float64, st.integers(3, 30), elements=st.floats(-1e6, 1e6, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(values)
def test_normalised_ranges(x):
    if np.ptp(x) > 1e-9 * max(1.0, np.abs(x).max()):
        y = normalise_vector(x, "minmax", low=1, high=10)
        assert np.nanmin(y) >= 1 - 1e-9 and np.nanmax(y) <= 10 + 1e-9
    p = normalise_vector(x, "prank")
    assert p.min() == 0 and p.max() <= 1
    # percentile rank keeps the order of the values
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(p[order]) >= 0)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.floats(1, 100)),
       st.sampled_from(["amean", "gmean", "hmean"]))
def test_means_lie_between_the_children_and_keep_their_order(v, method):
    w = np.ones((1, v.shape[1]))
    out = power_mean(v, w, method)[:, 0]
    assert np.all(out >= v.min(axis=1) - 1e-9) and np.all(out <= v.max(axis=1) + 1e-9)
    # harmonic <= geometric <= arithmetic
    a, g, h = (power_mean(v, w, m)[:, 0] for m in ("amean", "gmean", "hmean"))
    assert np.all(h <= g + 1e-9) and np.all(g <= a + 1e-9)
