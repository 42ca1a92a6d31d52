"""Aggregate returns: gated rows, no person-level data, read back with clear errors, combined by hand-checkable sums."""

import json

import pandas as pd
import pytest
from outcomes_helpers import answers_table

from perthyn.errors import InputErrors
from perthyn.outcomes import load
from perthyn.outcomes.returns import build_return, combine, read_return


def cohort(n, gains, losses, prefix):
    """n people answering work_paid twice: `gains` go 0->1, `losses` 1->0, the rest stay 1."""
    rows = []
    for i in range(n):
        before, after = (0, 1) if i < gains else ((1, 0) if i < gains + losses else (1, 1))
        rows += [(f"{prefix}{i}", f"{prefix}{i}a", "2025-02-01", "work_paid", before),
                 (f"{prefix}{i}", f"{prefix}{i}b", "2025-08-01", "work_paid", after)]
    return answers_table(rows)


def test_return_has_metadata_flags_and_no_people(tmp_path):
    bank = load()
    r = build_return(cohort(14, 5, 1, "zz"), bank, organisation="Org A", period_start="2025-01-01", period_end="2025-12-31")
    doc = json.loads(r.to_json())
    assert doc["metadata"]["organisation"] == "Org A" and doc["metadata"]["threshold"] == 10
    assert "work_paid" in {row["question"] for row in doc["rows"]}
    assert "employment_rate" in doc["metadata"]["indicator_ids"]
    assert "zz1" not in r.to_json() and "zz1" not in r.to_csv()
    row = r.rows.set_index("question").loc["work_paid"]
    # 14 people is enough to show the row, but 5 gains and 1 loss are too few to show (and so is what gives them away)
    assert row["n"] == 14 and not bool(row["suppressed"])
    assert pd.isna(row["gains"]) and pd.isna(row["losses"]) and pd.isna(row["mcnemar_p"])
    assert {"gains", "losses"} <= set(row["hidden_cells"].split(";"))
    assert doc["rows"][[x["question"] for x in doc["rows"]].index("work_paid")]["hidden_cells"]
    assert r.to_csv().startswith("\ufeff")
    small = build_return(cohort(6, 2, 1, "yy"), bank, organisation="Org B", period_start="2025-01-01",
                         period_end="2025-12-31")
    s = small.rows.set_index("question").loc["work_paid"]
    assert bool(s["suppressed"]) and s["gains"] is None or str(s["gains"]) == "<NA>"


def test_combine_adds_counts_and_gates_again(tmp_path):
    bank = load()
    a = build_return(cohort(40, 12, 10, "a"), bank, organisation="Org A", period_start="2025-01-01", period_end="2025-12-31")
    b = build_return(cohort(36, 10, 12, "b"), bank, organisation="Org B", period_start="2025-01-01", period_end="2025-12-31")
    c = build_return(cohort(5, 5, 0, "c"), bank, organisation="Org C", period_start="2025-01-01", period_end="2025-12-31")
    (tmp_path / "a.csv").write_text(a.to_csv(), encoding="utf-8")
    (tmp_path / "b.json").write_text(b.to_json(), encoding="utf-8")
    (tmp_path / "c.json").write_text(c.to_json(), encoding="utf-8")
    read = [read_return(tmp_path / "a.csv"), read_return(tmp_path / "b.json"), read_return(tmp_path / "c.json")]
    out = combine(read)
    row = out.rows.set_index("question").loc["work_paid"]
    # C's row was hidden at source (5 people) and is unknown, so only A and B add up
    assert (row["n"], row["gains"], row["losses"]) == (76, 22, 22)
    assert row["rate_baseline"] == pytest.approx((40 - 12 + 36 - 10) / 76)
    assert out.metadata["rows_withheld_in_sources"] >= 1
    assert out.metadata["period_start"] == "2025-01-01" and out.metadata["period_end"] == "2025-12-31"
    assert sorted(out.metadata["organisation"]) == ["Org A", "Org B", "Org C"]
    with pytest.raises(InputErrors, match="more than one return from Org A"):
        combine([read[0], read[0]])


def test_combine_never_undercounts_a_count_hidden_at_source():
    """A's gains are shown, D's (3) were hidden within a shown row: the combined gains are unknown, not A's alone."""
    bank = load()
    a = build_return(cohort(40, 12, 10, "a"), bank, organisation="Org A", period_start="2025-01-01", period_end="2025-12-31")
    d = build_return(cohort(30, 3, 12, "d"), bank, organisation="Org D", period_start="2025-01-01", period_end="2025-12-31")
    assert pd.isna(d.rows.set_index("question").loc["work_paid", "gains"])
    out = combine([read_return("a.json", text=a.to_json()), read_return("d.json", text=d.to_json())])
    row = out.rows.set_index("question").loc["work_paid"]
    assert row["n"] == 70 and not bool(row["suppressed"])
    assert pd.isna(row["gains"]) and pd.isna(row["mcnemar_p"]) and "gains" in row["hidden_cells"]
    assert a.rows.set_index("question").loc["work_paid", "gains"] == 12  # A's own 12 are not passed off as the total


def test_bad_return_names_row_and_column(tmp_path):
    bank = load()
    a = build_return(cohort(14, 5, 1, "a"), bank, organisation="Org A", period_start="2025-01-01", period_end="2025-12-31")
    text = a.to_csv().replace(",question,employment_rate,work_paid,work,14,", ",question,employment_rate,work_paid,work,-3,")
    p = tmp_path / "bad.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as e:
        read_return(p)
    msg = str(e.value)
    assert "bad.csv" in msg and "row " in msg and "column 'n'" in msg and "Fix:" in msg
    p2 = tmp_path / "other.csv"
    p2.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputErrors, match="column 'organisation' is missing"):
        read_return(p2)
