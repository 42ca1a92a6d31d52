import itertools

import numpy as np
import pandas as pd
import pytest

from perthyn.disclosure import DisclosurePolicy, gate, gate_many

from .attack import recoverable_by_rank, subtract

LEVELS = {"area": ["A", "B", "C"], "mig": ["y", "n"], "sex": ["f", "m"]}
DIMS = list(LEVELS)


def cube(counts: dict, dims=DIMS, levels=LEVELS) -> pd.DataFrame:
    """Every cell and every margin (with 'all') of a full cross-table built from atom counts."""
    rows = []
    for mask in itertools.product([False, True], repeat=len(dims)):
        for combo in itertools.product(*[levels[d] if not m else ["all"] for d, m in zip(dims, mask)]):
            n = sum(c for atom, c in counts.items()
                    if all(v == "all" or v == a for v, a in zip(combo, atom)))
            rows.append(dict(zip(dims, combo), n=n))
    t = pd.DataFrame(rows)
    t["estimate"] = np.round(np.linspace(0.1, 0.9, len(t)), 3)
    return t


def random_counts(seed, dims=DIMS, levels=LEVELS):
    rng = np.random.default_rng(seed)
    atoms = list(itertools.product(*[levels[d] for d in dims]))
    small = rng.random(len(atoms)) < 0.25
    return {a: int(rng.integers(1, 10) if s else rng.integers(10, 300)) for a, s in zip(atoms, small)}


def test_primary_threshold_hides_small_cells_and_their_rates_but_shows_zeros():
    t = pd.DataFrame({"g": ["a", "b", "c", "d"], "n": [9, 10, 0, 250], "estimate": [0.5, 0.4, np.nan, 0.2],
                      "se": [0.1, 0.1, np.nan, 0.01]})
    g = gate(t, policy=DisclosurePolicy(secondary=False), group_cols=["g"])
    assert g.table["suppressed"].tolist() == [True, False, False, False]
    assert g.table.loc[0, ["n", "estimate", "se"]].isna().all()
    assert g.table.loc[1, "estimate"] == 0.4 and g.table.loc[2, "n"] == 0
    assert "threshold of 10" in g.table.loc[0, "suppression_reason"]
    assert set(g.report["column"]) == {"n", "estimate", "se"} and set(g.report["kind"]) == {"primary"}


def test_threshold_is_configurable_and_applies_to_count_columns():
    t = pd.DataFrame({"g": ["a", "b"], "n": [30, 30], "n_yes": [4, 26], "estimate": [4 / 30, 26 / 30]})
    g = gate(t, policy=DisclosurePolicy(threshold=5, secondary=False), count_cols=["n_yes"], group_cols=["g"])
    assert g.table["suppressed"].tolist() == [True, False]
    g = gate(t, policy=DisclosurePolicy(threshold=3, secondary=False), count_cols=["n_yes"], group_cols=["g"])
    assert not g.table["suppressed"].any()


def test_attacker_recovers_cells_when_only_primary_suppression_is_used():
    # proves the attacker works, so the tests below can fail
    t = cube(random_counts(1))
    g = gate(t, policy=DisclosurePolicy(secondary=False), group_cols=DIMS)
    hidden = g.table["suppressed"].to_numpy()
    assert hidden.any()
    found = subtract(g.table, hidden, DIMS, LEVELS, g.table["n"].to_numpy())
    assert found and all(found[i] == t.loc[i, "n"] for i in found)


@pytest.mark.parametrize("seed", range(12))
def test_no_hidden_cell_recoverable_from_totals_in_a_three_way_table(seed):
    t = cube(random_counts(seed))
    g = gate(t, group_cols=DIMS)
    hidden = g.table["suppressed"].to_numpy()
    shown_n = g.table["n"].to_numpy(dtype=float)
    assert (t.loc[hidden, "n"] > 0).all()
    assert not subtract(g.table, hidden, DIMS, LEVELS, shown_n)
    assert recoverable_by_rank(g.table, hidden, DIMS, LEVELS) == []
    # every small cell is hidden, and shown values are untouched
    assert hidden[(t["n"] > 0) & (t["n"] < 10)].all()
    assert (g.table.loc[~hidden, "n"].to_numpy() == t.loc[~hidden, "n"].to_numpy()).all()


def test_two_outputs_with_nested_groupings_cannot_be_differenced():
    # output 1: by area and migrant status; output 2: by area and migrant group (nested in migrant status)
    levels = {"area": ["A", "B"], "mig": ["y", "n"], "grp": ["uk", "eu", "other"]}
    nest = {"uk": "n", "eu": "y", "other": "y"}
    rng = np.random.default_rng(7)
    atoms = {(a, nest[gp], gp): int(rng.integers(1, 9) if gp == "eu" and a == "A" else rng.integers(20, 200))
             for a in levels["area"] for gp in levels["grp"]}
    full = cube({k: v for k, v in atoms.items()}, dims=["area", "mig", "grp"],
                levels=levels)
    one = full[full["grp"] == "all"].drop(columns="grp").reset_index(drop=True)
    two = full[(full["grp"] != "all") & (full["mig"] != "all")].drop(columns="mig").reset_index(drop=True)
    two["mig"] = two["grp"].map(nest)  # the nested output names its parent category
    two = two[two["n"] > 0].reset_index(drop=True)
    gated = gate_many({"by_status": one, "by_group": two}, group_cols=["area", "mig", "grp"])
    both = pd.concat([gated["by_status"].table.assign(grp="all"), gated["by_group"].table], ignore_index=True)
    truth = pd.concat([one.assign(grp="all"), two], ignore_index=True)
    hidden = both["suppressed"].to_numpy()
    assert hidden.any()
    # impossible atoms (uk migrant) are structural zeros the attacker knows
    zeros = pd.DataFrame([{"area": a, "mig": m, "grp": gp, "n": 0} for a in levels["area"] for gp in levels["grp"]
                          for m in ["y", "n"] if nest[gp] != m])
    attack = pd.concat([both, zeros.assign(suppressed=False)], ignore_index=True)
    mask = attack["suppressed"].to_numpy(dtype=bool)
    assert recoverable_by_rank(attack, mask, ["area", "mig", "grp"], levels) == []
    assert not subtract(attack, mask, ["area", "mig", "grp"], levels, attack["n"].to_numpy(dtype=float))


def test_rounding_counts_to_base_five():
    t = pd.DataFrame({"g": ["a", "b", "all"], "n": [12, 23, 35], "n_yes": [11, 13, 24], "estimate": [0.9, 0.5, 0.7]})
    g = gate(t, policy=DisclosurePolicy(rounding_base=5, secondary=False), count_cols=["n_yes"], group_cols=["g"])
    assert g.table["n"].tolist() == [10, 25, 35]
    assert g.table["n_yes"].tolist() == [10, 15, 25]
    assert g.table["estimate"].tolist() == [0.9, 0.5, 0.7]


def test_separate_tables_are_not_combined():
    t = pd.DataFrame({"indicator": ["x", "x", "x", "y", "y", "y"], "g": ["a", "b", "all"] * 2,
                      "n": [5, 100, 105, 50, 60, 110], "estimate": [1.0] * 6})
    g = gate(t, group_cols=["g"], table_cols=["indicator"])
    assert g.table["suppressed"].tolist() == [True, True, False, False, False, False]
    assert set(g.report["indicator"]) == {"x"}


def test_missing_count_column_is_an_error():
    with pytest.raises(ValueError, match="unweighted count"):
        gate(pd.DataFrame({"estimate": [1.0]}))
