"""Say in plain English or Welsh why an area gets what it gets.

The sentences are data (definitions/funding/explain.yaml); this module works out the numbers:
the decomposition of the allocation into its drivers, and which driver matters most compared with
sharing the whole pot by head count alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml
from babel.numbers import format_currency, format_decimal, format_percent

from perthyn.errors import InputErrors, Problem

from .engine import Allocation

LOCALES = {"en": "en_GB", "cy": "cy_GB"}


@lru_cache(maxsize=1)
def sentences() -> dict:
    text = resources.files("perthyn.definitions").joinpath("funding/explain.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def money(x: float, lang: str, currency: str = "GBP", digits: int = 0) -> str:
    fmt = "¤#,##0" if digits == 0 else "¤#,##0.00"
    return format_currency(round(x, digits), currency, format=fmt, locale=LOCALES[lang], currency_digits=False)


def pct(x: float, lang: str, digits: int = 2) -> str:
    return format_percent(x, format="#,##0." + "0" * digits + "%", locale=LOCALES[lang])


def num(x: float, lang: str, pattern: str = "#,##0.00") -> str:
    return format_decimal(x, format=pattern, locale=LOCALES[lang])


def reference_base(allocation: Allocation) -> str:
    """The head count to compare against: the largest usual-residents base (else the largest base)."""
    f = allocation.formula
    totals = allocation.bases.drop(columns="area_code").sum()
    residents = [b for b in f.bases if f.bases[b].kind == "usual_residents"]
    pool = residents or list(f.bases)
    return max(pool, key=lambda b: totals[b])


def decompose(allocation: Allocation, area_code: str) -> pd.DataFrame:
    """Rows that add up to the area's allocation: per component its head-count, need and cost parts,
    then damping, the floor/cap (with the rescaling that pays for them; 0 when none binds) and the
    rounding to whole pence."""
    row = _row(allocation, area_code)
    d = allocation.drivers[allocation.drivers.area_code == area_code]
    out = []
    for _, r in d.iterrows():
        for part, col in (("population", "population_amount"), ("need", "need_effect"), ("cost", "cost_effect")):
            out.append({"component": r["component"], "driver": part, "amount": r[col]})
    out.append({"component": "", "driver": "damping", "amount": row["damping"]})
    out.append({"component": "", "driver": "floor_cap", "amount": row["floor_cap"]})
    out.append({"component": "", "driver": "rounding", "amount": row["rounding"]})
    return pd.DataFrame(out)


def against_headcount(allocation: Allocation, area_code: str) -> pd.DataFrame:
    """How far each driver moves the area from a share of the pot by head count alone (rows sum to that gap)."""
    ref = reference_base(allocation)
    bases = allocation.bases.set_index("area_code")
    ref_share = bases.loc[area_code, ref] / bases[ref].sum()
    d = allocation.drivers[allocation.drivers.area_code == area_code]
    row = _row(allocation, area_code)
    out = []
    for _, r in d.iterrows():
        pot_part = allocation.formula.pot * r["weight"]
        out.append({"component": r["component"], "driver": "base_difference",
                    "amount": r["population_amount"] - pot_part * ref_share})
        out.append({"component": r["component"], "driver": "need", "amount": r["need_effect"]})
        out.append({"component": r["component"], "driver": "cost", "amount": r["cost_effect"]})
    out.append({"component": "", "driver": "damping", "amount": row["damping"]})
    out.append({"component": "", "driver": "floor_cap", "amount": row["floor_cap"]})
    out.append({"component": "", "driver": "rounding", "amount": row["rounding"]})
    return pd.DataFrame(out)


def _row(allocation: Allocation, area_code: str) -> pd.Series:
    t = allocation.table
    if area_code not in set(t["area_code"]):
        raise InputErrors(Problem(f"no area '{area_code}' in this formula", file=allocation.formula.file,
                                  column="areas", fix=f"use one of: {', '.join(t['area_code'][:30])}"))
    return t[t.area_code == area_code].iloc[0]


@dataclass(frozen=True)
class Explanation:
    area_code: str
    area_name: str
    lang: str
    paragraphs: tuple[str, ...]
    facts: dict


def explain(allocation: Allocation, area_code: str, lang: str = "en", *, baseline: Allocation | None = None) -> Explanation:
    S = sentences()
    f = allocation.formula
    t = allocation.table
    row = _row(allocation, area_code)
    area = row["area_name_cy"] if lang == "cy" else row["area_name"]
    ref = reference_base(allocation)
    bases = allocation.bases.set_index("area_code")
    per_head = row["allocation"] / bases.loc[area_code, ref] if bases.loc[area_code, ref] else 0.0
    avg = f.pot / bases[ref].sum()
    rank = int((t["allocation"] > row["allocation"]).sum()) + 1
    paras = []
    if f.illustrative:
        paras.append(S["illustrative"][lang])
    facts = {"area": area, "allocation": money(row["allocation"], lang, f.currency), "pot": money(f.pot, lang, f.currency),
             "share": pct(row["share"], lang), "per_head": money(per_head, lang, f.currency, 2),
             "avg_per_head": money(avg, lang, f.currency, 2), "rank": rank, "n": len(t)}
    paras.append(S["headline"][lang].format(**facts))
    paras.append(S["components_intro"][lang].format(k=len(f.components)))
    d = allocation.drivers[allocation.drivers.area_code == area_code].set_index("component")
    for cid, comp in f.components.items():
        r = d.loc[cid]
        template = S["component"][lang]
        text = [template.format(
            component=in_sentence(comp.label.get(lang), template, "component"), weight=pct(r["weight"], lang, 0),
            amount=money(r["amount"], lang, f.currency), area=area, base_share=pct(r["base_share"], lang),
            base=in_sentence(f.bases[comp.base].label.get(lang), template, "base"),
            population_amount=money(r["population_amount"], lang, f.currency))]
        for kind, effect_col, index_col, inds in (("need", "need_effect", "need_index", comp.need),
                                                  ("cost", "cost_effect", "cost_index", comp.cost)):
            if not inds or abs(r[effect_col]) < 0.5:
                continue
            key = f"{kind}_up" if r[effect_col] > 0 else f"{kind}_down"
            text.append(S[key][lang].format(indicators="; ".join(in_sentence(i.label.get(lang), S[key][lang], "indicators")
                                                                 for i in inds),
                                            index=num(r[index_col], lang), effect=money(abs(r[effect_col]), lang, f.currency)))
        paras.append(" ".join(text))
    cons = f.constraints
    if abs(row["damping"]) >= 0.5:
        prev = money(row.get("previous", 0.0), lang, f.currency)
        paras.append(S["damping"][lang].format(previous=prev, effect=_signed(row["damping"], lang, f.currency)))
    if row["bound"] == "floor":
        paras.append(S["floor"][lang].format(limit=pct(-cons.floor, lang, 1), effect=money(abs(row["floor_cap"]), lang, f.currency)))
    elif row["bound"] == "cap":
        paras.append(S["cap"][lang].format(limit=pct(cons.cap, lang, 1), effect=money(abs(row["floor_cap"]), lang, f.currency)))
    elif abs(row["floor_cap"]) >= 0.5:
        paras.append(S["rescaled"][lang].format(effect=_signed(row["floor_cap"], lang, f.currency)))
    gaps = against_headcount(allocation, area_code)
    top = gaps.loc[gaps["amount"].abs().idxmax()]
    label = S["drivers"][top["driver"]][lang]
    if top["component"]:
        label = f"{f.components[top['component']].label.get(lang)}: {label}"
    paras.append(S["biggest"][lang].format(driver=in_sentence(label, S["biggest"][lang], "driver"),
                                           effect=_signed(top["amount"], lang, f.currency)))
    if baseline is not None and f.scenario:
        b = _row(baseline, area_code)
        change = row["allocation"] - b["allocation"]
        scen = f.scenarios[f.scenario].label.get(lang)
        key = "scenario_same" if abs(change) < 0.005 else ("scenario_gain" if change > 0 else "scenario_loss")
        paras.append(S[key][lang].format(scenario=scen, change=money(abs(change), lang, f.currency),
                                         pct=pct(change / b["allocation"], lang) if b["allocation"] else "–"))
        facts["change"] = change
    srcs = "; ".join(dict.fromkeys(s.source.text.get(lang) for s in f.tables.values() if s.source))
    if srcs:
        paras.append(S["sources"][lang].format(sources=srcs))
    facts.update(allocation=row["allocation"], share=row["share"], per_head=per_head, rank=rank)
    return Explanation(area_code, area, lang, tuple(paras), facts)


def _signed(x: float, lang: str, currency: str) -> str:
    return ("+" if x >= 0 else "−") + money(abs(x), lang, currency)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def in_sentence(label: str, template: str, key: str) -> str:
    """A label as it reads where {key} stands in the sentence template: as written at the start of a
    sentence, with a lower-case first letter mid-sentence (in either language), unless it begins with a
    proper noun (explain.yaml: proper_nouns) or an acronym such as GP."""
    at = template.find("{" + key + "}")
    before = template[:at].rstrip() if at >= 0 else "x"
    if not before or before.endswith((".", "!", "?")):
        return label
    first = label.split(" ", 1)[0].strip("(“\"'")
    if first in set(sentences().get("proper_nouns", ())):
        return label
    return _lower_first(label)
