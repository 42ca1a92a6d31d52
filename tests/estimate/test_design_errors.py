"""Bad designs are reported with file, column, example rows, count and a fix; nothing is estimated."""

import pandas as pd
import pytest

from perthyn.errors import InputErrors
from perthyn.estimate import Design, ReplicateSpec, mean


def _df(**over):
    df = pd.DataFrame({"h": ["a", "a", "b", "b", "b"], "p": ["1", "2", "3", "4", "4"],
                       "w": [1.0, 2.0, 1.0, 1.0, 3.0], "y": [1.0, 2.0, 3.0, 4.0, 5.0]})
    for k, v in over.items():
        df[k] = v
    return df


def test_non_positive_weights_named_with_rows_and_count():
    with pytest.raises(InputErrors) as e:
        Design(_df(w=[1.0, 0.0, 1.0, -2.0, None]), weight="w", strata="h", psu="p", source="s.csv")
    (p,) = e.value.problems
    assert p.file == "s.csv" and p.column == "w" and p.count == 3 and set(p.rows) == {2, 4, 5} and p.fix


def test_psus_not_nested_in_strata():
    with pytest.raises(InputErrors) as e:
        Design(_df(p=["1", "2", "2", "3", "3"]), weight="w", strata="h", psu="p")
    (p,) = e.value.problems
    assert p.column == "p" and "not nested" in p.message and "2" in p.message and "nest" in p.fix
    # Numbered within strata: say so, and the same ids become distinct PSUs.
    d = Design(_df(p=["1", "2", "1", "2", "2"]), weight="w", strata="h", psu="p", nest=True)
    assert d.summary.psus == 4


def test_singleton_stratum_fails_by_default_naming_it():
    df = _df(h=["a", "a", "b", "b", "c"], p=["1", "2", "3", "4", "5"])
    with pytest.raises(InputErrors) as e:
        Design(df, weight="w", strata="h", psu="p")
    assert "c" in str(e.value) and "adjust" in e.value.problems[0].fix
    assert Design(df, weight="w", strata="h", psu="p", singleton="adjust").summary.singleton_strata == ("c",)


def test_every_missing_column_reported_at_once():
    with pytest.raises(InputErrors) as e:
        Design(_df(), weight="wt", strata="stratum", psu="p", needed=("income",))
    assert {p.column for p in e.value.problems} == {"wt", "stratum", "income"}
    with pytest.raises(InputErrors) as e:
        mean(Design(_df(), weight="w"), "y", by=["area"])
    assert e.value.problems[0].column == "area"


def test_fpc_must_be_constant_in_a_stratum_and_not_below_the_sample():
    with pytest.raises(InputErrors) as e:
        Design(_df(f=[10.0, 10.0, 5.0, 6.0, 6.0]), weight="w", strata="h", psu="p", fpc="f")
    assert "differs within stratum b" in str(e.value)
    with pytest.raises(InputErrors) as e:
        Design(_df(f=[1.0, 1.0, 5.0, 5.0, 5.0]), weight="w", strata="h", psu="p", fpc="f")
    assert "smaller than the sampled PSUs" in str(e.value)


def test_fully_enumerated_stratum_adds_no_variance():
    # Stratum b sampled completely (fpc = its 2 PSUs): only stratum a contributes.
    df = _df(f=[10.0, 10.0, 2.0, 2.0, 2.0])
    full = mean(Design(df, weight="w", strata="h", psu="p", fpc="f"), "y", by=["h"]).set_index("h")
    assert full.loc["b", "se"] == 0 or full.loc["b", "flag"]
    assert full.loc["a", "se"] > 0


def test_bad_replicate_specs():
    with pytest.raises(InputErrors) as e:
        Design(_df(r1=1.0, r2=-1.0), weight="w", replicate=ReplicateSpec(["r1", "r2", "r3"], type="Fay"))
    text = str(e.value)
    assert "r3" in text and "rho" in text
    with pytest.raises(InputErrors) as e:
        Design(_df(r1=1.0, r2=-1.0), weight="w", replicate=ReplicateSpec(["r1", "r2"]))
    assert e.value.problems[0].column == "r2" and e.value.problems[0].count == 5


def test_empty_domain_is_flagged_not_a_crash():
    df = _df(y=[1.0, 2.0, None, None, None], area=["x", "x", "z", "z", "z"])
    r = mean(Design(df, weight="w", strata="h", psu="p"), "y", by=["area"]).set_index("area")
    assert r.loc["z", "flag"].startswith("empty") and r.loc["z", "n"] == 0
    assert r.loc["z", "estimate"] != r.loc["z", "estimate"]
