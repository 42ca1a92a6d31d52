"""McNemar, Cronbach's alpha and Jacobson-Truax reliable change against values worked by hand."""

import math

import pandas as pd
import pytest

from perthyn.outcomes import load
from perthyn.outcomes.distance import cohort_questions
from perthyn.outcomes.stats import cronbach_alpha, mcnemar, reliable_change, se_difference

from outcomes_helpers import answers_table


def test_mcnemar_hand_worked_2x2():
    # 2x2: 5 stayed positive, 10 went negative -> positive (b), 3 positive -> negative (c), 2 stayed negative.
    # chi-square with continuity correction: (|10-3|-1)^2 / 13 = 36/13
    # exact: 2 * P(X <= 3), X ~ Bin(13, 1/2) = 2 * (1 + 13 + 78 + 286) / 8192 = 756/8192
    t = mcnemar(10, 3)
    assert t.statistic == pytest.approx(36 / 13)
    assert t.p_chi2 == pytest.approx(math.erfc(math.sqrt(36 / 13 / 2)))  # chi2(1) tail = erfc(sqrt(x/2))
    assert t.p_exact == pytest.approx(756 / 8192)
    assert mcnemar(0, 0).p_value == 1.0
    assert mcnemar(4, 4).p_exact == pytest.approx(1.0)


def test_cohort_questions_counts_the_2x2_from_readings():
    rows = []
    # (before, after) positive states for work_paid (yes/no): 5 (1,1), 10 (0,1), 3 (1,0), 2 (0,0)
    pairs = [(1, 1)] * 5 + [(0, 1)] * 10 + [(1, 0)] * 3 + [(0, 0)] * 2
    for i, (b, a) in enumerate(pairs):
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "work_paid", b), (f"p{i}", f"{i}b", "2025-06-01", "work_paid", a)]
    out = cohort_questions(answers_table(rows), load()).set_index("question").loc["work_paid"]
    assert (out["n"], out["gains"], out["losses"]) == (20, 10, 3)
    assert (out["positive_baseline"], out["positive_latest"]) == (8, 15)
    assert out["mcnemar_p"] == pytest.approx(756 / 8192)


def test_cronbach_alpha_hand_worked():
    # item variances 5/3 and 1/3; totals 3,4,6,7 have variance 10/3; alpha = 2 * (1 - 2 / (10/3)) = 0.8
    items = pd.DataFrame({"i1": [1, 2, 3, 4], "i2": [2, 2, 3, 3]})
    assert cronbach_alpha(items) == pytest.approx(0.8)
    assert math.isnan(cronbach_alpha(items[["i1"]]))


def test_reliable_change_jacobson_truax_hand_worked():
    # SD 2, reliability 0.75: SE = 2 * sqrt(0.25) = 1; S_diff = sqrt(2); RCI(3) = 2.1213, RCI(2) = 1.4142
    assert se_difference(2.0, 0.75) == pytest.approx(math.sqrt(2))
    out = reliable_change([3.0, 2.0, -3.0, 0.0], 2.0, 0.75)
    assert list(out["rci"].round(4)) == [2.1213, 1.4142, -2.1213, 0.0]
    assert list(out["reliable"]) == ["improved", "no_reliable_change", "worse", "no_reliable_change"]
    assert list(reliable_change([1.0], 2.0, float("nan"))["reliable"]) == [""]
