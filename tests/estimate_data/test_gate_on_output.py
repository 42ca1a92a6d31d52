"""Try to work out hidden unweighted counts of a real framework-run output by adding and subtracting
the published ones (every estimate row and gap row of one indicator), by a rank test written here."""

import itertools

import numpy as np
import pytest

from perthyn.estimate.framework_run import run_framework

DIMS = ["migrant", "migrant_group", "residence_band", "age_group", "sex", "area_code"]


def atoms(est):
    levels = {d: sorted(v for v in est[d].astype(str).unique() if v not in ("all", "true - false")) for d in DIMS}
    out = []
    for combo in itertools.product(*[levels[d] for d in DIMS]):
        a = dict(zip(DIMS, combo))
        uk = a["migrant"] == "false"
        if uk != (a["migrant_group"] == "uk") or uk != (a["residence_band"] == "uk_born"):
            continue          # impossible people: the attacker knows these are zero
        out.append(a)
    return out


def row_vector(row, atom_list, ref=None):
    def match(a, r):
        return all(str(r[d]) in ("all", "true - false") or a[d] == str(r[d]) for d in DIMS)
    v = np.array([1.0 if match(a, row) else 0.0 for a in atom_list])
    if ref is not None:   # a nested gap adds the parent's non-migrants
        v += np.array([1.0 if match(a, ref) else 0.0 for a in atom_list])
    return v


def gap_vector(row, atom_list):
    r = row.copy()
    nested = [c for c in ("migrant_group", "residence_band") if str(r[c]) != "all"]
    if not nested:
        r["migrant"] = "all"
        return row_vector(r, atom_list)
    x = r.copy()
    x["migrant"] = "true"
    ref = r.copy()
    ref["migrant"] = "false"
    for c in nested:
        ref[c] = "all"
    return row_vector(x, atom_list, ref)


@pytest.mark.parametrize("indicator", ["employment_rate", "overcrowding"])
def test_no_hidden_count_follows_from_the_published_ones(survey_file, indicator):
    est = run_framework(survey_file, indicators=[indicator]).estimates
    assert est.suppressed.any()
    atom_list = atoms(est)
    shown, hidden = [], []
    for _, r in est.iterrows():
        v = gap_vector(r, atom_list) if r.measure == "gap" else row_vector(r, atom_list)
        if not r.suppressed:
            shown.append(v)
        elif r.measure == "estimate":   # a hidden gap's n is its cell's total n, which is published
            hidden.append(v)
    S = np.array(shown)
    _, sv, vt = np.linalg.svd(S, full_matrices=False)
    basis = vt[sv > 1e-9 * sv[0]]
    leaks = [h for h in hidden if np.linalg.norm(h - basis.T @ (basis @ h)) < 1e-8]
    assert not leaks, f"{len(leaks)} hidden rows can be worked out from the published counts"


def test_the_attacker_finds_leaks_when_secondary_suppression_is_off(survey_file):
    from perthyn.disclosure import DisclosurePolicy

    est = run_framework(survey_file, indicators=["overcrowding"],
                        policy=DisclosurePolicy(secondary=False)).estimates
    atom_list = atoms(est)
    rows = [(gap_vector(r, atom_list) if r.measure == "gap" else row_vector(r, atom_list), r.suppressed)
            for _, r in est.iterrows()]
    S = np.array([v for v, s in rows if not s])
    _, sv, vt = np.linalg.svd(S, full_matrices=False)
    basis = vt[sv > 1e-9 * sv[0]]
    leaks = [v for (v, s), m in zip(rows, est.measure) if s and m == "estimate" and np.linalg.norm(v - basis.T @ (basis @ v)) < 1e-8]
    assert leaks
