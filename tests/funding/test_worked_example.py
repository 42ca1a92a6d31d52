"""The worked example on the 22 Welsh local authorities, recomputed by a second route (plain numpy)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from perthyn.data import census2021_wales
from perthyn.funding.cli import bundled
from perthyn.funding.engine import allocate
from perthyn.funding.formula import load

PATH = bundled()["gp_services_wales"]
RATES = {"pct_rl_lt2": 0.70, "pct_rl_2to5": 0.90, "pct_rl_5to10": 0.97}   # as written in the YAML


def by_hand(list_base: str) -> np.ndarray:
    c = census2021_wales()
    n = pd.read_csv(Path(PATH).parent / "data" / "wales_la_needs.csv").set_index("area_code").loc[c.area_code]
    res = c.usual_residents.to_numpy(float)
    unregistered = sum(c[col].to_numpy() / 100 * res * (1 - r) for col, r in RATES.items())
    base = {"registered": res - unregistered, "migrant_aware": res}[list_base]   # the correction restores residents
    arrivals = c.pct_rl_lt2.to_numpy() / 100 * res
    age = 1 + 0.01 * n.age_65_74_pct.to_numpy() + 0.02 * n.age_75plus_pct.to_numpy()
    health = n.bad_health_pct.to_numpy()
    sparsity = n.density_per_km2.to_numpy() ** -0.1

    def share(x):
        return x / x.sum()

    return 1e8 * (0.6 * share(base * age) + 0.25 * share(base * health) + 0.05 * share(arrivals)
                  + 0.10 * share(base * sparsity))


@pytest.mark.parametrize("scenario,list_base", [(None, "registered"), ("registration_lag", "migrant_aware"),
                                                ("usual_residents", "migrant_aware")])
def test_worked_example_matches_a_second_route(scenario, list_base):
    a = allocate(load(PATH, scenario))
    assert len(a.table) == 22 and a.pence.sum() == 100_000_000 * 100
    np.testing.assert_allclose(a.exact, by_hand(list_base), rtol=1e-12)


def test_registration_lag_moves_money_towards_areas_with_recent_arrivals():
    base = allocate(load(PATH)).table.set_index("area_code").allocation
    lag = allocate(load(PATH, "registration_lag")).table.set_index("area_code").allocation
    gain = lag - base
    assert gain.idxmax() == "W06000015"          # Cardiff has the most recent arrivals (2.8% arrived < 2 years)
    assert abs(gain.sum()) < 0.01                # money moves, the pot does not change
    # areas whose share of recent arrivals is above the Welsh share gain
    c = census2021_wales().set_index("area_code")
    recent = (c.pct_rl_lt2 * 0.3 + c.pct_rl_2to5 * 0.1 + c.pct_rl_5to10 * 0.03)
    wales = (recent * c.usual_residents).sum() / c.usual_residents.sum()
    assert (gain[recent > wales * 1.2] > 0).all()


def test_transition_scenario_respects_floor_and_cap():
    base = allocate(load(PATH)).table.set_index("area_code").allocation
    t = allocate(load(PATH, "registration_lag_transition")).table.set_index("area_code")
    change = t.allocation / base - 1
    assert (change >= -0.001 - 1e-6).all() and (change <= 0.01 + 1e-6).all()
    assert (t.bound == "floor").any()


def test_illustrative_parameters_are_labelled_and_sourced():
    f = load(PATH)
    assert f.illustrative
    for b in f.bases.values():
        for band in b.bands:
            assert band.illustrative and band.source and "Illustrative" in band.source.text.en
            assert band.source.text.cy.startswith("Enghreifftiol")
    assert all(p.illustrative for p in f.parameters)
    assert all(t.source and t.source.text.cy for t in f.tables.values())
