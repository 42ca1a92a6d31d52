"""Properties that must hold for any formula: the pot is conserved to the penny, floors and caps hold,
and more need never means less money (all else equal)."""

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perthyn.funding.engine import allocate
from perthyn.funding.formula import parse
from perthyn.yamlfile import YamlDoc

T = {"en": "t", "cy": "t"}


def formula(folder: Path, residents, need, previous, *, weights, pot, damping, floor, cap):
    rows = ["area_code,name,residents,need,previous"]
    rows += [f"a{i},n{i},{r},{n},{p}" for i, (r, n, p) in enumerate(zip(residents, need, previous))]
    (folder / "d.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    raw = {
        "id": "p", "label": T, "pot": pot, "weights_total": sum(weights),
        "tables": {"d": {"csv": "d.csv", "key": "area_code"}},
        "areas": {"table": "d", "code": "area_code", "name": {"en": "name", "cy": "name"}},
        "bases": {"res": {"kind": "usual_residents", "label": T, "table": "d", "column": "residents"}},
        "components": {
            "pop": {"label": T, "weight": weights[0], "base": "res"},
            "need": {"label": T, "weight": weights[1], "base": "res",
                     "need": {"n": {"label": T, "table": "d", "column": "need"}}},
        },
    }
    if previous is not None and (floor is not None or cap is not None or damping < 1):
        raw["constraints"] = {"previous": {"table": "d", "column": "previous"}, "damping": damping}
        if floor is not None:
            raw["constraints"]["floor"] = floor
        if cap is not None:
            raw["constraints"]["cap"] = cap
    return parse(YamlDoc(str(folder / "f.yaml"), raw))


@st.composite
def cases(draw):
    n = draw(st.integers(2, 7))
    residents = draw(st.lists(st.integers(1, 500_000), min_size=n, max_size=n))
    need = draw(st.lists(st.floats(0.1, 50, allow_nan=False), min_size=n, max_size=n))
    pot = draw(st.integers(100, 10**9))
    prev_w = draw(st.lists(st.floats(0.2, 5), min_size=n, max_size=n))
    previous = [round(pot * w / sum(prev_w), 2) for w in prev_w]
    weights = [draw(st.floats(0.05, 1)), draw(st.floats(0.05, 1))]
    constrained = draw(st.booleans())
    return dict(residents=residents, need=need, previous=previous if constrained else None, weights=weights, pot=pot,
                damping=draw(st.sampled_from([1.0, 0.5, 0.2])) if constrained else 1.0,
                floor=draw(st.sampled_from([None, -0.01, -0.05])) if constrained else None,
                cap=draw(st.sampled_from([None, 0.02, 0.1])) if constrained else None,
                who=draw(st.integers(0, n - 1)), more=draw(st.floats(1.01, 3)))


def run(case, need=None):
    with tempfile.TemporaryDirectory() as d:
        prev = case["previous"] if case["previous"] is not None else [0] * len(case["residents"])
        f = formula(Path(d), case["residents"], need or case["need"], prev if case["previous"] else prev,
                    weights=case["weights"], pot=case["pot"], damping=case["damping"], floor=case["floor"], cap=case["cap"])
        return allocate(f)


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(cases())
def test_pot_conserved_to_the_penny_and_bounds_hold(case):
    a = run(case)
    assert int(a.pence.sum()) == round(case["pot"] * 100)
    assert (a.pence >= 0).all()
    if case["previous"] is not None:
        prev = np.array(case["previous"]) * 100
        if case["floor"] is not None:
            assert (a.pence >= np.ceil(prev * (1 + case["floor"]) - 1e-6)).all()
        if case["cap"] is not None:
            assert (a.pence <= np.floor(prev * (1 + case["cap"]) + 1e-6)).all()


@PROPS
@given(cases())
def test_more_need_never_means_less_money(case):
    before = run(case)
    need = list(case["need"])
    need[case["who"]] *= case["more"]
    after = run(case, need)
    i = case["who"]
    # the exact allocation never falls; after rounding to pence it can differ by at most one penny
    assert after.exact[i] >= before.exact[i] - 1e-9 * max(1.0, before.exact[i])
    assert after.pence[i] >= before.pence[i] - 1
    if case["previous"] is None:
        # without floors and caps nobody else gains from another area's higher need (with a cap, an area
        # held at its cap can pass the freed money to others, so this holds only unconstrained)
        others = [j for j in range(len(need)) if j != i]
        assert all(after.exact[j] <= before.exact[j] + 1e-6 for j in others)
