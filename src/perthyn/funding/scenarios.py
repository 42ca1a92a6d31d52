"""Compare scenarios and measure how much each parameter moves each area's money.

- compare(a, b): gains and losses per area between two allocations (b minus a).
- effects(formula): every declared parameter set to its low and its high value one at a time (others at
  their formula values), and jointly at every corner of the low/high box, with the interaction (the joint
  change that one-at-a-time changes do not add up to).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .engine import Allocation, allocate
from .formula import Formula, apply_scenario, get_path, with_values

MAX_JOINT = 8   # 2**8 corners at most


def compare(a: Allocation, b: Allocation, *, names: tuple[str, str] = ("a", "b")) -> pd.DataFrame:
    """Per area: both allocations, the change, the percentage change, and whether it is a gain or a loss."""
    left = a.table.set_index("area_code")
    right = b.table.set_index("area_code")
    na, nb = names
    out = pd.DataFrame({
        "area_code": left.index, "area_name": left["area_name"].to_numpy(), "area_name_cy": left["area_name_cy"].to_numpy(),
        f"allocation_{na}": left["allocation"].to_numpy(),
        f"allocation_{nb}": right["allocation"].reindex(left.index).to_numpy(),
        f"share_{na}": left["share"].to_numpy(), f"share_{nb}": right["share"].reindex(left.index).to_numpy()})
    # change in whole pence, so gains and losses cancel exactly when both pots are equal
    pence = b.pence[[list(b.table["area_code"]).index(c) for c in left.index]] - a.pence
    out["change"] = pence / 100
    out["change_pct"] = np.where(out[f"allocation_{na}"] > 0, 100 * out["change"] / out[f"allocation_{na}"], np.nan)
    out["direction"] = np.select([pence > 0, pence < 0], ["gain", "loss"], "no change")
    return out


def compare_scenarios(formula: Formula, a: str, b: str) -> pd.DataFrame:
    return compare(allocate(apply_scenario(formula, a)), allocate(apply_scenario(formula, b)), names=(a, b))


def _run(formula: Formula, values: dict) -> np.ndarray:
    return allocate(with_values(formula, values)).table["allocation"].to_numpy()


def effects(formula: Formula, *, progress=None, joint: bool = True) -> dict[str, pd.DataFrame]:
    """One-at-a-time and joint parameter effects on each area's allocation (change from the formula as given)."""
    base_alloc = allocate(formula)
    base = base_alloc.table["allocation"].to_numpy()
    params = list(formula.parameters)
    codes = base_alloc.table["area_code"]
    names = base_alloc.table["area_name"]
    rows = []
    for p in params:
        for end in ("low", "high"):
            value = getattr(p, end)
            change = _run(formula, {p.path: value}) - base
            if progress:
                progress()
            rows.append(pd.DataFrame({"parameter": p.path, "label": p.label.en, "setting": end, "value": value,
                                      "from_value": get_path(formula.raw, p.path), "area_code": codes,
                                      "area_name": names, "change": change}))
    oat = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["parameter", "label", "setting", "value", "from_value", "area_code", "area_name", "change"])

    joint_params = params[:MAX_JOINT] if joint else []
    corners = []
    for combo in itertools.product(("low", "high"), repeat=len(joint_params)):
        if not joint_params:
            break
        values = {p.path: getattr(p, end) for p, end in zip(joint_params, combo)}
        change = _run(formula, values) - base
        if progress:
            progress()
        additive = sum(oat[(oat.parameter == p.path) & (oat.setting == end)]["change"].to_numpy()
                       for p, end in zip(joint_params, combo))
        corners.append(pd.DataFrame({"corner": ",".join(combo), "area_code": codes, "area_name": names,
                                     "change": change, "interaction": change - additive}))
    joint = pd.concat(corners, ignore_index=True) if corners else pd.DataFrame(
        columns=["corner", "area_code", "area_name", "change", "interaction"])
    summary = pd.DataFrame({"area_code": codes, "area_name": names, "allocation": base})
    if corners:
        g = joint.groupby("area_code", sort=False)
        summary["joint_min_change"] = g["change"].min().reindex(codes).to_numpy()
        summary["joint_max_change"] = g["change"].max().reindex(codes).to_numpy()
        summary["max_abs_interaction"] = g["interaction"].apply(lambda s: s.abs().max()).reindex(codes).to_numpy()
    return {"one_at_a_time": oat, "joint": joint, "summary": summary}


def n_runs(formula: Formula) -> int:
    k = len(formula.parameters)
    return 2 * k + (2 ** min(k, MAX_JOINT) if k else 0)


def swings(oat: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: the largest gain and loss any area sees when it moves to its low or high value."""
    rows = []
    for path, g in oat.groupby("parameter", sort=False):
        up = g.loc[g["change"].idxmax()]
        down = g.loc[g["change"].idxmin()]
        rows.append({"parameter": path, "label": g["label"].iloc[0], "from_value": g["from_value"].iloc[0],
                     "low": g[g.setting == "low"]["value"].iloc[0], "high": g[g.setting == "high"]["value"].iloc[0],
                     "max_gain": up["change"], "max_gain_area": up["area_code"], "max_gain_setting": up["setting"],
                     "max_loss": down["change"], "max_loss_area": down["area_code"], "max_loss_setting": down["setting"],
                     "swing": g["change"].abs().max()})
    return pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable") if rows else pd.DataFrame(rows)
