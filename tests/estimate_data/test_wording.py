"""Every reason, flag, status and source the estimate page shows has a Welsh rendering: the gate's and
the run's English strings are recognised (an unrecognised one would come back unchanged)."""

import pandas as pd
import pytest
from django.utils import translation

from perthyn.disclosure import DisclosurePolicy, gate
from perthyn.estimate import intervals
from perthyn.estimate.aggregate import aggregate_estimates
from perthyn.web.estimate import wording


def gate_reasons():
    t = pd.DataFrame({"area": ["a", "b", "c", "all"], "n": [3, 40, 50, 93], "estimate": [0.1, 0.2, 0.3, 0.25]})
    g = gate(t, policy=DisclosurePolicy(threshold=10), n_col="n", value_cols=["estimate"], group_cols=["area"])
    reasons = set(g.table.suppression_reason) - {""}
    assert any(r.startswith("hidden so that") for r in reasons)   # secondary suppression happened
    return reasons


def test_gate_and_run_reasons_are_welsh():
    found = gate_reasons() | {"hidden because one of the two groups compared is hidden", "not requested",
                              "column(s) missing from the data: tenure, age"}
    with translation.override("cy"):
        for text in found:
            shown = wording.reason(text, lambda col, v: v)
            assert shown != text and "hidden" not in shown and "threshold" not in shown, text
        assert wording.reason("n below the threshold of 10") == "llai na 10 o bobl (cyfrif heb ei bwysoli)"


def test_flags_status_and_sources_are_welsh():
    agg = aggregate_estimates()
    with translation.override("cy"):
        for f in (intervals.FLAG_EMPTY, intervals.FLAG_FEW_PSUS, intervals.FLAG_NO_VARIANCE):
            assert wording.flag(f) != f
        for code in set(agg.flag) - {""}:
            assert wording.status(code) != code, code
        for why in set(agg.suppression_reason) - {""}:
            assert "SYG" in wording.reason(why), why
        for src in set(agg.source) | {"synthetic"}:
            shown = wording.source(src)
            assert shown != src and "ONS" not in shown and "Census 2021" not in shown, src
    with translation.override("en"):
        assert wording.source("synthetic") == "Synthetic data (perthyn synth)"
