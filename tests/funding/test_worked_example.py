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
# as written in the YAML (all illustrative)
RATES = {"pct_rl_lt2": 0.70, "pct_rl_2to5": 0.90, "pct_rl_5to10": 0.97}        # share of each band on a list
GHOSTS = {"pct_mi_within_uk": 0.28, "pct_mi_from_abroad": 0.50}                 # share still listed after leaving


def populations() -> pd.DataFrame:
    """Residents R, people still listed after leaving G, recent arrivals not yet registered U, by area."""
    c = census2021_wales().set_index("area_code")
    res = c.usual_residents.astype(float)
    ghosts = sum(c[col] / 100 * res * r for col, r in GHOSTS.items())
    unregistered = sum(c[col] / 100 * res * (1 - r) for col, r in RATES.items())
    return pd.DataFrame({"R": res, "G": ghosts, "U": unregistered})


def by_hand(list_base: str) -> np.ndarray:
    c = census2021_wales()
    n = pd.read_csv(Path(PATH).parent / "data" / "wales_la_needs.csv").set_index("area_code").loc[c.area_code]
    p = populations().loc[c.area_code]
    base = {"registered": p.R + p.G - p.U,          # the modelled list: inflated, and missing recent arrivals
            "migrant_aware": p.R + p.G,             # under-registration corrected, inflation left in
            "residents": p.R}[list_base].to_numpy()
    arrivals = c.pct_rl_lt2.to_numpy() / 100 * p.R.to_numpy()
    age = 1 + 0.01 * n.age_65_74_pct.to_numpy() + 0.02 * n.age_75plus_pct.to_numpy()
    health = n.bad_health_pct.to_numpy()
    sparsity = n.density_per_km2.to_numpy() ** -0.1

    def share(x):
        return x / x.sum()

    return 1e8 * (0.6 * share(base * age) + 0.25 * share(base * health) + 0.05 * share(arrivals)
                  + 0.10 * share(base * sparsity))


@pytest.mark.parametrize("scenario,list_base", [(None, "registered"), ("registration_lag", "migrant_aware"),
                                                ("usual_residents", "residents")])
def test_worked_example_matches_a_second_route(scenario, list_base):
    a = allocate(load(PATH, scenario))
    assert len(a.table) == 22 and a.pence.sum() == 100_000_000 * 100
    np.testing.assert_allclose(a.exact, by_hand(list_base), rtol=1e-12)


def test_migrant_aware_base_for_cardiff_by_hand():
    # Cardiff (W06000015), Census 2021: 362,310 usual residents; arrived in the UK < 2 years 2.8%, 2-5 years 2.3%,
    # 5-10 years 2.8% (TS016); address a year ago elsewhere in the UK 13.0%, outside the UK 1.4% (TS019).
    # not yet registered: 362310 x (0.028 x 0.30 + 0.023 x 0.10 + 0.028 x 0.03) = 362310 x 0.01154 = 4181.0574
    # still listed after leaving: 362310 x (0.130 x 0.28 + 0.014 x 0.50) = 362310 x 0.0434 = 15724.254
    # modelled list: 362310 + 15724.254 - 4181.0574 = 373853.1966; corrected: + 4181.0574 = 378034.254
    b = allocate(load(PATH)).bases.set_index("area_code").loc["W06000015"]
    assert b["residents"] == 362310
    assert b["registered"] == pytest.approx(373853.1966, abs=1e-6)
    assert b["migrant_aware"] == pytest.approx(b["registered"] + 4181.0574, abs=1e-6)
    assert b["migrant_aware"] == pytest.approx(378034.254, abs=1e-6)


def test_registration_lag_differs_from_the_list_and_from_residents():
    alloc = {s: allocate(load(PATH, s)).table.set_index("area_code").allocation
             for s in (None, "registration_lag", "usual_residents")}
    lag_gain = alloc["registration_lag"] - alloc[None]
    res_gain = alloc["usual_residents"] - alloc[None]
    assert (lag_gain != 0).all() and (alloc["registration_lag"] != alloc["usual_residents"]).all()
    assert abs(lag_gain.sum()) < 0.01 and abs(res_gain.sum()) < 0.01      # money moves, the pot does not change
    # the area with the highest share of recent arrivals not yet registered (U / list) gains; the lowest loses
    p = populations()
    missed = p.U / (p.R + p.G - p.U)
    assert missed.idxmax() == "W06000015" and missed.idxmin() == "W06000018"   # Cardiff, Caerphilly
    assert lag_gain["W06000015"] > 0 > lag_gain["W06000018"]
    # the biggest gains go to the cities with the most recent arrivals: Cardiff, Swansea, Newport
    assert set(lag_gain.nlargest(3).index) == {"W06000015", "W06000011", "W06000022"}
    # areas whose missed share is well above the Welsh one gain; well below, lose
    wales = p.U.sum() / (p.R + p.G - p.U).sum()
    assert (lag_gain[missed > wales * 1.2] > 0).all() and (lag_gain[missed < wales * 0.8] < 0).all()
    # residents instead of lists also drops the people still listed after leaving: Cardiff's list inflation
    # (4.34% of residents) outweighs its unregistered arrivals (1.15%), so it loses there but gains under the lag
    assert p.loc["W06000015", "G"] > p.loc["W06000015", "U"] and res_gain["W06000015"] < 0 < lag_gain["W06000015"]


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
        for band in (*b.bands, *b.inflation):
            assert band.illustrative and band.source and "Illustrative" in band.source.text.en
            assert band.source.text.cy.startswith("Enghreifftiol")
    assert f.bases["registered"].illustrative and f.bases["migrant_aware"].illustrative
    assert len(f.bases["registered"].inflation) == 2 and not f.bases["migrant_aware"].inflation
    assert all(p.illustrative for p in f.parameters)
    assert all(t.source and t.source.text.cy for t in f.tables.values())
