"""Distance travelled per person and cohort, checked against hand-computed scores; the gate hides small groups."""

import pandas as pd
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


def _bank_with(domain_extra: dict):
    import copy

    from perthyn.outcomes.bank import parse, read

    doc = read(None)
    raw = copy.deepcopy(doc.data)
    for domain, extra in domain_extra.items():
        raw["domains"][domain] = {**raw["domains"][domain], **extra}
    return parse(raw, source="test-bank.yaml")


def test_reliability_declared_in_the_bank_is_used_before_alpha():
    """Hand-worked Jacobson-Truax with r = 0.8 declared for social_connections in the bank YAML."""
    import math

    bank = _bank_with({"social_connections": {"reliability": {"value": 0.8, "source": "test-retest, pilot 2025"}}})
    assert bank.reliability["social_connections"].value == 0.8
    assert bank.domain_label("social_connections", "en") == "Social connections"  # the label is untouched
    # baseline answers (people_to_ask, belong) on 0-3, and the same step change on both items at follow-up
    base = [(0, 0), (0, 1), (0, 0), (1, 1), (1, 2), (1, 1), (2, 2), (2, 1), (2, 2), (3, 3), (3, 2), (3, 3)]
    step = [2, 1, 0, 2, 1, 0, 1, 0, -1, -2, -1, 0]
    rows = []
    for i, ((x, y), s) in enumerate(zip(base, step)):
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "people_to_ask", x), (f"p{i}", f"{i}a", "2025-01-01", "belong", y),
                 (f"p{i}", f"{i}b", "2025-07-01", "people_to_ask", x + s), (f"p{i}", f"{i}b", "2025-07-01", "belong", y + s)]
    # by hand: domain score = 10/3 * mean of the two items; SD of the 12 baselines (n-1) = 3.4816
    pre = [10 / 3 * (x + y) / 2 for x, y in base]
    mean = sum(pre) / 12
    sd = math.sqrt(sum((v - mean) ** 2 for v in pre) / 11)
    assert sd == pytest.approx(3.4816, abs=1e-4)
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - 0.8)          # = 2.2019
    assert s_diff == pytest.approx(2.2019, abs=1e-4)
    rci = [10 / 3 * s / s_diff for s in step]                 # one step = 3.333 -> RCI 1.514; two steps -> 3.028
    assert rci[0] == pytest.approx(3.028, abs=1e-3) and rci[1] == pytest.approx(1.514, abs=1e-3)
    expected = (sum(r > 1.96 for r in rci), sum(r < -1.96 for r in rci))
    assert expected == (2, 1)

    table = answers_table(rows)
    dom = cohort_domains(table, bank).set_index("domain").loc["social_connections"]
    assert dom["reliability"] == 0.8 and dom["reliability_source"] == "question_bank: test-retest, pilot 2025"
    assert (dom["reliable_improved"], dom["reliable_worse"]) == expected
    # without the declaration the same data use Cronbach's alpha (11/12 here) and more changes count as reliable
    est = cohort_domains(table, load()).set_index("domain").loc["social_connections"]
    assert est["reliability_source"] == "cronbach_alpha_baseline" and est["reliability"] == pytest.approx(11 / 12)
    assert (est["reliable_improved"], est["reliable_worse"]) == (5, 3)


def test_bad_reliability_names_line_and_field():
    from perthyn.errors import InputErrors

    with pytest.raises(InputErrors) as e:
        _bank_with({"housing": {"reliability": {"value": 1.4}}})
    msg = str(e.value)
    assert "domains.housing.reliability.value" in msg and "between 0 and 1" in msg
    assert "domains.housing.reliability.source" in msg and "needs a source note" in msg


COUNT_COLUMNS = {"domains": ("n", "improved", "unchanged", "worse", "reliable_improved", "reliable_worse"),
                 "questions": ("n", "positive_baseline", "positive_latest", "gains", "losses")}


def _small_counts_shown(gated, threshold):
    bad = []
    for name, cols in COUNT_COLUMNS.items():
        t = gated[name].table
        for c in cols:
            for key, v in zip(t.iloc[:, 0], t[c]):
                if not pd.isna(v) and 0 < float(v) < threshold:
                    bad.append((name, key, c, v))
    return bad


def test_small_counts_inside_a_shown_row_are_hidden():
    """12 people (enough for the row) but only 1 gain on feel_safe and 1 person improving: those counts are hidden."""
    bank = load()
    rows = [("p0", "0a", "2025-01-01", "feel_safe", 1), ("p0", "0b", "2025-06-01", "feel_safe", 2)]
    for i in range(1, 12):
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "feel_safe", 3), (f"p{i}", f"{i}b", "2025-06-01", "feel_safe", 3)]
    a = answers_table(rows)
    raw = cohort_domains(a, bank).set_index("domain").loc["safety_stability"]
    assert (raw["n"], raw["improved"], raw["unchanged"], raw["worse"]) == (12, 1, 11, 0)
    gated = gated_cohort(a, bank, threshold=10)
    q = gated["questions"].table.set_index("question").loc["feel_safe"]
    assert q["n"] == 12 and not q["suppressed"]
    assert pd.isna(q["gains"]) and pd.isna(q["mcnemar_p"]) and "gains" in q["hidden_cells"]
    assert pd.isna(q["positive_baseline"]) and pd.isna(q["rate_baseline"])  # 11 = 12 - 1 would give the gain away
    d = gated["domains"].table.set_index("domain").loc["safety_stability"]
    assert d["n"] == 12 and not d["suppressed"] and d["worse"] == 0 and d["share_worse"] == 0
    assert pd.isna(d["improved"]) and pd.isna(d["share_improved"]) and pd.isna(d["unchanged"])  # 11 = 12 - 1 - 0
    assert set(d["hidden_cells"].split(";")) == {"improved", "unchanged"}
    assert d["mean_baseline"] == pytest.approx(10 * (1 + 33) / 36)  # means are not counts: still shown
    assert not _small_counts_shown(gated, 10)
    report = gated["questions"].report
    assert ((report["column"] == "gains") & (report["kind"] == "cell")).any()


@pytest.mark.parametrize("seed", range(6))
def test_no_count_below_the_threshold_is_ever_shown(seed):
    import numpy as np

    bank = load()
    rng = np.random.default_rng(seed)
    qs = [q for q in bank.select(None, "adult")][:8]
    rows = []
    for i in range(int(rng.integers(10, 40))):
        level = int(rng.integers(0, 3))
        for r, when in ((0, "2025-01-01"), (1, "2025-07-01")):
            for q in qs:
                v = int(np.clip(level + (rng.integers(-1, 2) if r else 0), 0, q.scale.max))
                rows.append((f"p{i}", f"{i}{r}", when, q.id, v))
    gated = gated_cohort(answers_table(rows), bank, threshold=10)
    assert not _small_counts_shown(gated, 10)
    from perthyn.outcomes.returns import build_return

    ret = build_return(answers_table(rows), bank, organisation="X", period_start="2025-01-01", period_end="2025-12-31")
    for c in ("n", "positive_baseline", "positive_latest", "gains", "losses", "improved", "unchanged", "worse"):
        shown = ret.rows[c].dropna().astype(float)
        assert not ((shown > 0) & (shown < 10)).any(), c


def test_rounding_applies_to_counts_within_rows():
    bank = load()
    rows = []
    for i in range(23):
        before, after = (0, 1) if i < 11 else (1, 1)
        rows += [(f"p{i}", f"{i}a", "2025-01-01", "work_paid", before), (f"p{i}", f"{i}b", "2025-06-01", "work_paid", after)]
    q = gated_cohort(answers_table(rows), bank, threshold=10, rounding_base=5)["questions"].table.set_index("question")
    row = q.loc["work_paid"]
    assert row["n"] == 25 and row["gains"] == 10 and row["positive_baseline"] == 10  # 23, 11, 12 rounded to 5s
    assert row["rate_baseline"] == pytest.approx(10 / 25)  # from the rounded counts, not 12/23
