"""A second, independent implementation: the svy package on the same survey."""

import numpy as np
import pytest

from perthyn.estimate import Design, mean, ratio

try:
    import svy
except ImportError:  # in CI a missing reference package fails the run (conftest.need), locally it skips
    svy = None


@pytest.fixture(autouse=True)
def _svy_installed(need):
    need(svy is not None, "the svy package")


def _svy_sample(survey):
    import polars as pl

    data = pl.from_pandas(survey[["stratum2", "psu", "w", "area", "y", "unemp", "active"]])
    return svy.Sample(data, svy.Design(stratum="stratum2", psu="psu", wgt="w"))


def test_svy_gives_the_same_domain_means_and_ratios(survey):
    sample = _svy_sample(survey)
    d = Design(survey, weight="w", strata="stratum2", psu="psu")
    cases = [
        (mean(d, "y", ["area"]), sample.estimation.mean("y", by="area", drop_nulls=True)),
        (ratio(d, "unemp", "active", ["area"]), sample.estimation.ratio("unemp", "active", by="area")),
    ]
    for ours, theirs in cases:
        t = theirs.to_polars().to_pandas().set_index("area")
        o = ours.set_index("area")
        ok = o.flag == ""
        assert ok.sum() == 4
        np.testing.assert_allclose(o.estimate, t.loc[o.index, "est"], rtol=1e-9)
        np.testing.assert_allclose(o.se[ok], t.loc[o.index[ok], "se"], rtol=1e-9)
