"""Allocations on the three-area example, worked out by hand in the comments."""

import numpy as np
import pytest

from perthyn.funding.engine import allocate, check_conservation, solve_scale, to_pence
from perthyn.funding.explain import against_headcount, decompose
from perthyn.funding.formula import load, with_values

from pathlib import Path

THREE = Path(__file__).parent / "data" / "three_areas.yaml"

# three_areas.csv:   area  residents  arrived_lt2y  bad_health_pct
#                    A     1000       100           10
#                    B     2000       0             5
#                    C     1000       0             5
# pot 1000; population component (weight 0.5) on the GP list; health (0.5) on residents x bad health %.


def alloc(scenario=None, **values):
    f = load(THREE, scenario)
    return allocate(with_values(f, values) if values else f)


def by_area(a, col="allocation"):
    return dict(zip(a.table["area_code"], a.table[col].round(6)))


def test_baseline_by_hand():
    # GP list modelled as residents minus unregistered arrivals: A 1000 - 100 * (1 - 0.5) = 950; B 2000; C 1000; total 3950.
    # population: 500 * (950, 2000, 1000) / 3950 = 120.253165, 253.164557, 126.582278
    # health score residents * rate: 10000, 10000, 5000 of 25000 -> 500 * (0.4, 0.4, 0.2) = 200, 200, 100
    # exact: 320.253165, 453.164557, 226.582278; whole pence 32025 + 45316 + 22658 = 99999, one penny short:
    # the largest remainder (.46 of B's penny) gets it -> 320.25, 453.17, 226.58
    a = alloc()
    assert by_area(a, "population") == pytest.approx({"A": 120.253165, "B": 253.164557, "C": 126.582278})
    assert by_area(a, "health") == pytest.approx({"A": 200, "B": 200, "C": 100})
    assert by_area(a) == {"A": 320.25, "B": 453.17, "C": 226.58}
    assert a.pence.sum() == 100000
    check_conservation(a)


def test_registration_lag_scenario_by_hand():
    # corrected list: 950 + 100 * (1 - 0.5) = 1000 -> population 500 * (1000, 2000, 1000) / 4000 = 125, 250, 125
    # plus health 200, 200, 100 -> 325, 450, 225 (exact in pence, no rounding needed)
    a = alloc("registration_lag")
    assert by_area(a) == {"A": 325.0, "B": 450.0, "C": 225.0}


def test_damping_by_hand():
    # previous = baseline 320.25, 453.17, 226.58 (sums to 1000); damping 0.4 keeps 60% of previous shares:
    # A 0.6 * 320.25 + 0.4 * 325 = 322.15; B 0.6 * 453.17 + 0.4 * 450 = 451.902; C 0.6 * 226.58 + 0.4 * 225 = 225.948
    # pence 32215 + 45190 + 22594 = 99999; largest remainder .8 (C) gets the penny -> 322.15, 451.90, 225.95
    a = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "damping": 0.4})
    assert by_area(a) == {"A": 322.15, "B": 451.90, "C": 225.95}
    assert by_area(a, "damping")["A"] == pytest.approx(322.15 - 325)


def test_floor_and_cap_by_hand():
    # targets 325, 450, 225 against previous 320.25, 453.17, 226.58 with floor -0.1% and cap +1%:
    # floors B 452.71683 -> 45272p, C 226.35342 -> 22636p; cap A 323.4525 -> 32345p.
    # B and C are below their floors for any scale that keeps A under its cap, so both sit on their floors and
    # A takes the rest: 100000 - 45272 - 22636 = 32092p = 320.92 (= 0.98745 x 325, under the cap)
    a = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "floor": -0.001, "cap": 0.01})
    assert by_area(a) == {"A": 320.92, "B": 452.72, "C": 226.36}
    assert list(a.table["bound"]) == ["", "floor", "floor"]
    assert a.scale == pytest.approx(320.92 / 325)


def test_cap_binds_by_hand():
    # floor -5%, cap +1%: A would get 325 > cap 323.4525 -> 32345p; the 1.55 freed goes to B and C pro rata
    # to their targets 450 : 225, so lambda = (1000 - 323.45) / 675 = 1.0022963: B 451.03333, C 225.51667
    # pence 45103.333 + 22551.667 -> 45103 + 22551 = 67654 + 32345 = 99999; C's .667 takes the last penny.
    a = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "floor": -0.05, "cap": 0.01})
    assert by_area(a) == {"A": 323.45, "B": 451.03, "C": 225.52}
    assert list(a.table["bound"]) == ["cap", "", ""]


def test_decomposition_adds_up_to_the_allocation():
    a = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "damping": 0.4})
    for code in ("A", "B", "C"):
        d = decompose(a, code)
        assert d["amount"].sum() == pytest.approx(by_area(a)[code], abs=1e-6)
    # against head count (residents 1000, 2000, 1000 -> 250, 500, 250): A's gap is 322.15 - 250
    assert against_headcount(a, "A")["amount"].sum() == pytest.approx(322.15 - 250, abs=1e-6)
    # A's health need index: rate 10 against the resident-weighted mean (10*1 + 5*2 + 5*1)/4 = 6.25 -> 1.6
    drv = a.drivers[(a.drivers.area_code == "A") & (a.drivers.component == "health")].iloc[0]
    assert drv["need_index"] == pytest.approx(1.6)


def _bisect(target, low, high, total):
    """An independent route to lambda: bisection on the clipped sum."""
    lo, hi = 0.0, 1.0
    while np.clip(hi * target, low, high).sum() < total:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if np.clip(mid * target, low, high).sum() < total:
            lo = mid
        else:
            hi = mid
    return np.clip(hi * target, low, high)


def test_exact_scale_matches_bisection():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = rng.integers(2, 12)
        target = rng.uniform(0, 1000, n)
        prev = rng.uniform(50, 150, n) * target.sum() / n / 100
        low = prev * rng.uniform(0.5, 1.0, n)
        high = prev * rng.uniform(1.0, 2.0, n)
        total = rng.uniform(low.sum(), high.sum())
        lam = solve_scale(target, low, high, total)
        got = np.clip(lam * target, low, high)
        assert got.sum() == pytest.approx(total, rel=1e-12)
        assert got == pytest.approx(_bisect(target, low, high, total), rel=1e-9, abs=1e-9)


def test_pence_rounding_keeps_bounds_and_total():
    exact = np.array([100.4, 200.4, 299.2])
    got = to_pence(exact, np.array([0, 0, 0]), np.array([np.inf, np.inf, np.inf]), 600)
    assert got.tolist() == [101, 200, 299] and got.sum() == 600   # .4 ties: the first area takes the penny


def test_setting_two_weights_at_once_holds_both_exactly():
    # gp_services_wales: workload 0.6, morbidity 0.25, turnover 0.05, rurality 0.10 (total 1).
    # Set morbidity 0.15 and rurality 0.15 together: both are held; only workload and turnover rescale,
    # sharing the remaining 0.70 in their proportion 0.6 : 0.05 -> 0.646154, 0.053846.
    from perthyn.funding.cli import bundled

    f = with_values(load(bundled()["gp_services_wales"]),
                    {"components.morbidity.weight": 0.15, "components.rurality.weight": 0.15})
    w = {c.id: c.weight for c in f.components.values()}
    assert w["morbidity"] == 0.15 and w["rurality"] == 0.15          # exactly, not drifted by the second one
    assert w["workload"] == pytest.approx(0.7 * 0.6 / 0.65, rel=1e-12)
    assert w["turnover"] == pytest.approx(0.7 * 0.05 / 0.65, rel=1e-12)
    assert sum(w.values()) == pytest.approx(1, abs=1e-12)
    # the order they are given in does not matter
    g = with_values(load(bundled()["gp_services_wales"]),
                    {"components.rurality.weight": 0.15, "components.morbidity.weight": 0.15})
    assert {c.id: c.weight for c in g.components.values()} == w


def test_joint_corners_keep_every_weight_at_its_corner_value():
    from perthyn.funding.formula import with_values as wv
    f = load(THREE)
    # health 0.75 with the population weight also set: both held; 0.75 + 0.25 = 1, nothing else to rescale
    g = wv(f, {"components.health.weight": 0.75, "components.population.weight": 0.25})
    assert [c.weight for c in g.components.values()] == [0.25, 0.75]


def test_floor_cap_is_zero_when_no_floor_or_cap_binds_and_rounding_has_its_own_column():
    # baseline: no constraints; exact 320.253165, 453.164557, 226.582278 -> 320.25, 453.17, 226.58 (see above)
    a = alloc()
    t = a.table.set_index("area_code")
    assert (t["floor_cap"] == 0).all()
    assert t["rounding"].to_dict() == pytest.approx({"A": 320.25 - 320.253165, "B": 453.17 - 453.164557,
                                                     "C": 226.58 - 226.582278}, abs=1e-6)
    assert t["rounding"].abs().max() <= 0.01
    # damping but no floor or cap: still no floor_cap
    d = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "damping": 0.4}).table
    assert (d["floor_cap"] == 0).all()
    # when a floor binds, floor_cap carries it (B held at 452.72 against a target of 450) and rounding is apart
    f = alloc("registration_lag", constraints={"previous": {"scenario": "baseline"}, "floor": -0.001, "cap": 0.01})
    ft = f.table.set_index("area_code")
    assert ft.loc["B", "floor_cap"] == pytest.approx(452.72 - 450, abs=1e-6)
    assert ft.loc["A", "floor_cap"] == pytest.approx(320.92 - 325, abs=1e-6)
    for code in "ABC":
        row = ft.loc[code]
        assert row[["population", "health", "damping", "floor_cap", "rounding"]].sum() == pytest.approx(row["allocation"], abs=1e-9)
        assert decompose(f, code)["amount"].sum() == pytest.approx(row["allocation"], abs=1e-9)


def test_list_inflation_by_hand():
    # ghost patients: 10% of residents still listed after leaving (an illustrative 'rate' on a column):
    # list A = 1000 + 100 - 100 x (1 - 0.5) = 1050, B 2000 + 200 = 2200, C 1000 + 100 = 1100; total 4350
    # the correction adds back only A's 50 unregistered arrivals: 1100, 2200, 1100 (the inflation stays)
    ghosts = {"left": {"label": {"en": "Left", "cy": "Gadael"}, "table": "census", "column": "residents", "rate": 0.1}}
    a = alloc(**{"bases.registered.inflation": ghosts})
    b = a.bases.set_index("area_code")
    assert b["registered"].to_dict() == pytest.approx({"A": 1050, "B": 2200, "C": 1100})
    assert b["corrected"].to_dict() == pytest.approx({"A": 1100, "B": 2200, "C": 1100})
    # population 500 x (1050, 2200, 1100) / 4350 = 120.689655, 252.873563, 126.436782
    assert by_area(a, "population") == pytest.approx({"A": 120.689655, "B": 252.873563, "C": 126.436782})


def test_labels_are_lower_case_mid_sentence_unless_a_proper_noun():
    from perthyn.funding.explain import in_sentence

    assert in_sentence("Morbidity", "{component} (25%) gives", "component") == "Morbidity"
    assert in_sentence("Morbidrwydd", "Mae {component} (25%) yn rhoi", "component") == "morbidrwydd"
    assert in_sentence("Morbidity: need", "alone: {driver} ({effect}).", "driver") == "morbidity: need"
    assert in_sentence("GP-registered list", "share of the {base} is", "base") == "GP-registered list"
    assert in_sentence("Census residents", "share of the {base} is", "base") == "Census residents"
    assert in_sentence("Cyfrifiad 2021", "Mae {base} yn", "base") == "Cyfrifiad 2021"
    assert in_sentence("Gwledigrwydd", "Da. {component} yw", "component") == "Gwledigrwydd"


def test_explanation_in_welsh_lower_cases_component_labels():
    from perthyn.funding.explain import explain

    text = " ".join(explain(alloc(), "A", "cy").paragraphs)
    assert "Mae poblogaeth (50% o'r gronfa)" in text and "Mae Poblogaeth" not in text
    assert "Mae Aber yn cael" in text
    english = " ".join(explain(alloc(), "A", "en").paragraphs)
    assert "Population (50% of the pot) gives" in english
