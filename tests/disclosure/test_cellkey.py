import numpy as np
import pandas as pd

from perthyn.disclosure import DisclosurePolicy, gate
from perthyn.disclosure.cellkey import perturbed_counts, record_keys


def microdata(n=3000, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"person_id": [f"p{i}" for i in range(n)],
                         "area": rng.choice(["A", "B", "C"], n, p=[0.6, 0.38, 0.02]),
                         "sex": rng.choice(["female", "male"], n)})


def test_cell_key_counts_are_close_consistent_and_small_cells_gone():
    data = microdata()
    true = data.groupby(["area", "sex"]).size().rename("true").reset_index()
    a = perturbed_counts(data, ["area", "sex"])
    b = perturbed_counts(data.sample(frac=1, random_state=1), ["area", "sex"])  # order does not matter
    merged = true.merge(a, on=["area", "sex"])
    big = merged["true"] >= 10
    # 10-5 rule: shown counts are multiples of 5 within 2 of the truth
    assert (merged.loc[big, "n"] % 5 == 0).all()
    assert (merged.loc[big, "n"] - merged.loc[big, "true"]).abs().le(2).all()
    assert merged.loc[~big, "n"].isna().all()
    assert "true" not in a.columns and "pre_sdc_count" not in a.columns
    pd.testing.assert_frame_equal(a.sort_values(["area", "sex"]).reset_index(drop=True),
                                  b.sort_values(["area", "sex"]).reset_index(drop=True))
    assert record_keys(data["person_id"]).between(0, 255).all()


def test_gate_accepts_cell_key_tables_only_when_perturbed():
    data = microdata()
    data.loc[:11, "area"] = "D"  # 12 people: split by sex, both cells fall under 10
    table = perturbed_counts(data, ["area", "sex"])
    g = gate(table, policy=DisclosurePolicy(cell_key=True), group_cols=["area", "sex"])
    small = g.table["area"] == "D"
    assert g.table.loc[small, "suppressed"].all() and not g.table.loc[~small, "suppressed"].any()
    assert g.table.loc[small, "n"].isna().all() and "perturbed" in g.table.loc[small, "suppression_reason"].iloc[0]
    raw = data.groupby("area").size().rename("n").reset_index()
    try:
        gate(raw, policy=DisclosurePolicy(cell_key=True), group_cols=["area"])
    except ValueError as e:
        assert "cell_key" in str(e)
    else:
        raise AssertionError("unperturbed counts must be refused under the cell-key policy")
