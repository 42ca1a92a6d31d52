"""Allocate a pot between areas by a formula, with damping, floors and caps, conserving every penny.

For area a and component c with weight w_c (of W, the declared weights_total):
    score_ca  = base_ca * prod(need indices) * prod(cost indices)
    share_ca  = score_ca / sum_a score_ca
    formula_a = pot * sum_c (w_c / W) * share_ca                     (component amounts add up to this)
    target_a  = pot * ((1 - d) * previous_share_a + d * formula_a / pot)   (damping d; d = 1 without it)
    final_a   = clip(lambda * target_a, previous_a * (1 + floor), previous_a * (1 + cap))
lambda is the single number that makes the finals add up to the pot. It is the fixed point of the usual
"freeze the areas at a floor or cap, scale the rest pro rata, repeat" redistribution, found exactly by a
binary search over the breakpoints of the piecewise-linear sum and one division on the segment found. Money is then rounded to whole pence by largest
remainder, so the pence add up to the pot exactly (checked, not assumed).

Each area's row adds up: components + damping + floor_cap + rounding = allocation, where floor_cap is what the
floors and caps move (0 when none binds) and rounding is the move to whole pence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perthyn.errors import Collector, InputErrors, Problem

from . import tables as tbl
from .formula import Formula, apply_scenario


@dataclass(frozen=True)
class Allocation:
    formula: Formula
    table: pd.DataFrame        # one row per area: the CSV columns
    drivers: pd.DataFrame      # long: area_code, component, base_share, need_index, cost_index, amounts
    bases: pd.DataFrame        # area_code x population base
    exact: np.ndarray          # final allocation before rounding to pence
    pence: np.ndarray          # final allocation in whole pence (sums to the pot exactly)
    scale: float               # lambda

    @property
    def components(self) -> list[str]:
        return list(self.formula.components)


def _bases(formula: Formula, tables: dict, codes: list[str], errors: Collector) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for bid in formula.base_order:
        base = formula.bases[bid]
        if base.column is not None:
            out[bid] = _count(base.column, out, formula, tables, codes, errors)
            continue
        unregistered = pd.Series(0.0, index=codes)
        for band in base.bands:
            count = _count(band.count, out, formula, tables, codes, errors)
            unregistered += count * (1 - band.registration_rate)
        ref = out.get(base.from_base or base.model_from, pd.Series(0.0, index=codes))
        if base.kind == "migrant_aware":          # corrects under-registration of recent arrivals only
            out[bid] = ref + unregistered
        else:   # a registered list modelled as residents, plus people still listed after leaving, minus the unregistered
            inflated = pd.Series(0.0, index=codes)
            for term in base.inflation:
                inflated += _count(term.count, out, formula, tables, codes, errors) * term.rate
            out[bid] = ref + inflated - unregistered
            low = out[bid][out[bid] < 0]
            if len(low) and not errors.problems:   # not a knock-on of a bad column
                errors.add(f"modelled registered list is negative for {', '.join(low.index[:8])}",
                           line=base.line, column=f"bases.{bid}", fix="check the arrival counts and registration rates")
    return out


def _count(col, bases: dict, formula, tables, codes, errors) -> pd.Series:
    """A population count: the column itself, or (percent_of) that percentage of another base."""
    values = tbl.values(col, formula, tables, codes, errors, what="percentage" if col.percent_of else "population")
    if col.percent_of:
        over = values[values > 100]
        if len(over):
            errors.add(f"percentages above 100 for {', '.join(over.index[:8])}", line=col.line, column=col.path,
                       fix="percent_of expects a percentage between 0 and 100")
        return values / 100 * bases.get(col.percent_of, pd.Series(0.0, index=codes))
    return values


def _index(ind, formula, tables, codes, errors) -> pd.Series:
    value = pd.Series(ind.constant, index=codes, dtype=float)
    for col, coef in ind.terms:
        value = value + coef * tbl.values(col, formula, tables, codes, errors, what="indicator value")
    bad = value[value <= 0]
    if len(bad) and not errors.problems:
        errors.add(f"indicator '{ind.id}' is zero or negative for {', '.join(bad.index[:8])}",
                   line=ind.line, column=ind.id, fix="indices must be above zero; check the constant and terms")
        return pd.Series(1.0, index=codes)
    return value.clip(lower=1e-300) ** ind.exponent


def solve_scale(target: np.ndarray, low: np.ndarray, high: np.ndarray, total: float) -> float:
    """lambda with sum(clip(lambda * target, low, high)) == total.

    The sum is continuous, non-decreasing and linear between the breakpoints low/target and high/target,
    so find the segment where it crosses the total and interpolate (exact up to float rounding).
    """
    pos = target > 0
    points = np.unique(np.concatenate([[0.0], low[pos] / target[pos], high[pos] / target[pos]]))
    points = points[np.isfinite(points)]

    def f(lam):
        return float(np.clip(lam * target, low, high).sum())

    # f is non-decreasing, so binary-search the first breakpoint where it reaches the total (log n sums of n)
    lo, hi = 0, len(points)
    while lo < hi:
        mid = (lo + hi) // 2
        if f(points[mid]) >= total:
            hi = mid
        else:
            lo = mid + 1
    k = lo
    if k == 0:
        return 0.0
    if k == len(points):                  # past the last breakpoint only uncapped areas still grow
        slope = float(target[pos & ~np.isfinite(high)].sum())
        return float(points[-1] + (total - f(points[-1])) / slope) if slope > 0 else float(points[-1])
    a, b = points[k - 1], points[k]
    fa, fb = f(a), f(b)
    return float(a + (total - fa) * (b - a) / (fb - fa))


def to_pence(exact_pence: np.ndarray, low: np.ndarray, high: np.ndarray, total: int) -> np.ndarray:
    """Largest-remainder rounding to integers that keeps every value within its bounds and sums to total."""
    base = np.floor(exact_pence + 1e-9).astype(np.int64)
    base = np.clip(base, low, np.where(np.isfinite(high), high, np.iinfo(np.int64).max)).astype(np.int64)
    short = int(total - base.sum())
    room = np.where(np.isfinite(high), high - base, np.inf) > 0
    idx = np.flatnonzero(room)
    order = idx[np.lexsort((idx, -(exact_pence[idx] - base[idx])))]   # largest remainder first, ties by position
    if short < 0 or short > len(order):
        raise ArithmeticError(f"cannot round to pence: {short} pence left over for {len(order)} areas")
    base[order[:short]] += 1
    return base


def allocate(formula: Formula, *, _chain: tuple = ()) -> Allocation:
    """Allocate the formula's pot between its areas. Raises InputErrors for any problem with the data."""
    tables = tbl.load_tables(formula)
    area = tbl.areas(formula, tables)
    codes = list(area["area_code"])
    errors = Collector(file=formula.file)
    bases = _bases(formula, tables, codes, errors)
    errors.raise_if_any(f"{formula.file}: problems with the population bases")
    W = formula.weights_total or 1.0

    formula_amount = np.zeros(len(codes))
    comp_amounts, drivers = {}, []
    for cid, comp in formula.components.items():
        base = bases.get(comp.base, pd.Series(0.0, index=codes))
        need = pd.Series(1.0, index=codes)
        cost = pd.Series(1.0, index=codes)
        for ind in comp.need:
            need = need * _index(ind, formula, tables, codes, errors)
        for ind in comp.cost:
            cost = cost * _index(ind, formula, tables, codes, errors)
        if base.sum() <= 0:
            errors.add(f"population base '{comp.base}' adds up to zero", line=formula.located.line(("components", cid, "base")),
                       column=f"components.{cid}.base", fix="check the base's column")
            continue
        money = formula.pot * comp.weight / W
        base_share = base / base.sum()
        with_need = base * need / (base * need).sum()
        share = base * need * cost / (base * need * cost).sum()
        amount = money * share
        comp_amounts[cid] = amount.to_numpy()
        formula_amount += amount.to_numpy()
        mean_need = (base_share * need).sum()
        mean_cost = (with_need * cost).sum()
        drivers.append(pd.DataFrame({
            "area_code": codes, "component": cid, "weight": comp.weight / W, "base": comp.base,
            "base_value": base.to_numpy(), "base_share": base_share.to_numpy(),
            "need_index": (need / mean_need).to_numpy(), "cost_index": (cost / mean_cost).to_numpy(),
            "share": share.to_numpy(), "population_amount": (money * base_share).to_numpy(),
            "need_effect": (money * (with_need - base_share)).to_numpy(),
            "cost_effect": (money * (share - with_need)).to_numpy(), "amount": amount.to_numpy()}))
    errors.raise_if_any(f"{formula.file}: problems computing the allocation")

    cons = formula.constraints
    previous = _previous(formula, tables, codes, _chain)
    if previous is not None and previous.sum() > 0:
        target = formula.pot * ((1 - cons.damping) * previous / previous.sum() + cons.damping * formula_amount / formula.pot)
    else:
        target = formula_amount.copy()
    pot_p = int(round(formula.pot * 100))
    low = np.zeros(len(codes))
    high = np.full(len(codes), np.inf)
    if previous is not None and cons.floor is not None:
        low = np.ceil(previous * 100 * (1 + cons.floor) - 1e-6)
    if previous is not None and cons.cap is not None:
        high = np.floor(previous * 100 * (1 + cons.cap) + 1e-6)
    if low.sum() > pot_p or high.sum() < pot_p:
        raise InputErrors(Problem(
            f"the floor and cap cannot both hold: floors need {low.sum() / 100:,.2f} and caps allow "
            f"{high.sum() / 100:,.2f} of a pot of {formula.pot:,.2f}", file=formula.file, line=cons.line,
            column="constraints", fix="lower the floor or raise the cap"))
    lam = solve_scale(target * 100, low, high, pot_p)
    exact_p = np.clip(lam * target * 100, low, high)
    pence = to_pence(exact_p, low, high, pot_p)
    if int(pence.sum()) != pot_p:        # conservation is the point of this module: prove it every time
        raise ArithmeticError(f"allocations sum to {pence.sum()} pence, not the pot {pot_p}")

    final = pence / 100
    raw = lam * target * 100
    bound = np.where((low > 0) & (raw <= low + 1e-6), "floor", np.where(raw >= high - 1e-6, "cap", ""))
    out = pd.DataFrame({"area_code": codes, "area_name": area["name_en"].to_numpy(),
                        "area_name_cy": area["name_cy"].to_numpy(), "allocation": final, "share": final / formula.pot})
    for cid, amount in comp_amounts.items():
        out[cid] = amount
    out["damping"] = target - formula_amount
    # floor_cap: what the floors and caps (and the rescaling that pays for them) move; 0 when none binds.
    # rounding: the move to whole pence (largest remainder), never more than a penny either way.
    exact = exact_p / 100
    if (bound != "").any():
        out["floor_cap"] = exact - target
        out["rounding"] = final - exact
    else:
        out["floor_cap"] = 0.0
        out["rounding"] = final - target
    out["bound"] = bound
    if previous is not None:
        out["previous"] = previous
    return Allocation(formula=formula, table=out, drivers=pd.concat(drivers, ignore_index=True),
                      bases=pd.DataFrame({"area_code": codes, **{k: v.to_numpy() for k, v in bases.items()}}),
                      exact=exact_p / 100, pence=pence, scale=float(lam))


def _previous(formula: Formula, tables: dict, codes: list[str], chain: tuple) -> np.ndarray | None:
    cons = formula.constraints
    if cons.previous_column is not None:
        errors = Collector(file=formula.file)
        prev = tbl.values(cons.previous_column, formula, tables, codes, errors, what="previous allocation")
        errors.raise_if_any()
        return prev.to_numpy()
    if cons.previous_scenario is None:
        return None
    me = formula.scenario or "baseline"
    if cons.previous_scenario in (*chain, me):
        cycle = " -> ".join((*chain, me, cons.previous_scenario))
        raise InputErrors(Problem(f"circular reference between scenarios' previous allocations: {cycle}",
                                  file=formula.file, line=formula.located.line(("constraints", "previous", "scenario")),
                                  column="constraints.previous.scenario",
                                  fix="damp against a scenario that does not lead back to this one"))
    other = apply_scenario(formula, cons.previous_scenario)
    return allocate(other, _chain=(*chain, me)).table["allocation"].to_numpy()


def check_conservation(allocation: Allocation) -> None:
    """Raise if the allocation does not add up to the pot to the penny (used by tests and the CLI)."""
    pot_p = int(round(allocation.formula.pot * 100))
    assert int(allocation.pence.sum()) == pot_p, (allocation.pence.sum(), pot_p)
    assert math.isclose(allocation.table["allocation"].sum(), allocation.formula.pot, rel_tol=0, abs_tol=0.005)
