"""Distance travelled per person and cohort, checked against hand-computed scores; the gate hides small groups."""

import pytest

from perthyn.outcomes import load
from perthyn.outcomes.distance import cohort_domains, gated_cohort, person_distance

from outcomes_helpers import answers_table


def test_person_distance_first_to_latest_by_domain():
    bank = load()
    # social_connections has people_to_ask and belong (agree 0-3): scores are 10*v/3, averaged
    rows = [
        ("p1", "r1", "2025-01-01", "people_to_ask", 0), ("p1", "r1", "2025-01-01", "belong", 1),
        ("p1", "r2", "2025-04-01", "people_to_ask", 2), ("p1", "r2", "2025-04-01", "belong", 2),
        ("p1", "r3", "2025-07-01", "people_to_ask", 3), ("p1", "r3", "2025-07-01", "belong", 3),
        ("p1", "r1", "2025-01-01", "work_paid", 0), ("p1", "r3", "2025-07-01", "work_paid", 1),
        ("p2", "s1", "2025-02-01", "feel_safe", 3),  # one reading only: no distance yet
    ]
    d = person_distance(answers_table(rows), bank).set_index(["person", "domain"])
    s = d.loc[("p1", "social_connections")]
    assert s["baseline"] == pytest.approx(10 * 0.5 / 3)
    assert s["latest"] == pytest.approx(10.0)
    assert s["change"] == pytest.approx(10 - 10 * 0.5 / 3)
    # work: work_paid yes/no is 0 or 10
    assert d.loc[("p1", "work"), "change"] == pytest.approx(10.0)
    assert "p2" not in d.index.get_level_values(0)


def test_cohort_shares_and_gate():
    bank = load()
    rows = []
    # 12 people: 6 improve on feel_safe, 4 unchanged, 2 worse
    changes = [1] * 6 + [0] * 4 + [-1] * 2
    for i, ch in enumerate(changes):
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "feel_safe", 1), (f"p{i}", f"{i}b", "2025-05-01", "feel_safe", 1 + ch)]
    a = answers_table(rows)
    dom = cohort_domains(a, bank).set_index("domain").loc["safety_stability"]
    assert dom["n"] == 12
    assert (dom["improved"], dom["unchanged"], dom["worse"]) == (6, 4, 2)
    assert dom["share_improved"] == pytest.approx(0.5)
    assert dom["mean_change"] == pytest.approx(10 / 3 * (6 - 2) / 12)
    assert dom["mean_baseline"] == pytest.approx(10 / 3)
    shown = gated_cohort(a, bank, threshold=10)["domains"].table.set_index("domain")
    assert not shown.loc["safety_stability", "suppressed"]
    hidden = gated_cohort(a, bank, threshold=13)["domains"].table.set_index("domain")
    assert hidden.loc["safety_stability", "suppressed"]
    assert hidden["mean_change"].isna().all() and hidden["improved"].isna().all()
    assert "below the threshold of 13" in hidden.loc["safety_stability", "suppression_reason"]


def test_reliability_is_estimated_from_baselines():
    bank = load()
    rows = []
    # two items in social_connections that move together at baseline: alpha is high and known by hand
    base = [(0, 0), (1, 1), (2, 1), (3, 3), (1, 2), (2, 2), (0, 1), (3, 2), (2, 3), (1, 0), (3, 3), (0, 0)]
    for i, (x, y) in enumerate(base):
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "people_to_ask", x), (f"p{i}", f"{i}a", "2025-01-01", "belong", y),
                 (f"p{i}", f"{i}b", "2025-06-01", "people_to_ask", min(3, x + 1)), (f"p{i}", f"{i}b", "2025-06-01", "belong", y)]
    import numpy as np

    xs, ys = np.array(base, float).T * 10 / 3
    k = 2
    alpha = k / (k - 1) * (1 - (xs.var(ddof=1) + ys.var(ddof=1)) / (xs + ys).var(ddof=1))
    dom = cohort_domains(answers_table(rows), bank).set_index("domain").loc["social_connections"]
    assert dom["reliability"] == pytest.approx(alpha)
    assert dom["reliability_source"] == "cronbach_alpha_baseline"
    known = cohort_domains(answers_table(rows), bank, reliability={"social_connections": 0.9}).set_index("domain")
    assert known.loc["social_connections", "reliability"] == 0.9
