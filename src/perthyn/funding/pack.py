"""A challenge pack for an annual review: everything a Strategic Migration Partnership needs to check
one area's allocation against its own evidence: the formula, the data, the area's position and the
scenarios tried. Pure data here; the web app renders it as PDF and CSV.

All figures are aggregates of published tables (no personal data).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from .engine import Allocation, allocate
from .explain import Explanation, decompose, explain, sentences
from .formula import Formula, apply_scenario, get_path, with_values
from .tables import load_tables


@dataclass(frozen=True)
class Pack:
    formula: Formula
    area_code: str
    area_name: str
    lang: str
    explanation: Explanation
    formula_rows: pd.DataFrame     # what the formula says: pot, components, bases, constraints, parameters
    data_rows: pd.DataFrame        # every data value the formula reads for this area, with its source
    position: pd.DataFrame         # allocation, share, rank, per head; the decomposition
    scenarios: pd.DataFrame        # this area under the baseline, every scenario, and the adjusted values tried

    def csv(self) -> str:
        frames = []
        for section, df in (("formula", self.formula_rows), ("data", self.data_rows), ("position", self.position),
                            ("scenarios", self.scenarios)):
            d = df.copy()
            d.insert(0, "section", section)
            frames.append(d)
        out = pd.concat(frames, ignore_index=True)[["section", "item", "label", "value", "note"]]
        buf = io.StringIO()
        S = sentences()
        buf.write(f"# {S['pack']['title'][self.lang]}: {self.formula.label.get(self.lang)} "
                  f"({self.formula.id} v{self.formula.version}), {self.area_name} ({self.area_code})\n")
        if self.formula.illustrative:
            buf.write(f"# {S['illustrative'][self.lang]}\n")
        out.to_csv(buf, index=False)
        return buf.getvalue()


def _row(item, label, value, note=""):
    return {"item": item, "label": label, "value": value, "note": note}


def build(formula: Formula, area_code: str, lang: str = "en", *, adjusted: dict | None = None) -> Pack:
    """The pack for one area. `formula` is what is being reviewed (a scenario or the baseline);
    `adjusted` holds any parameter values tried on top of it (dotted path -> value)."""
    lang = "cy" if lang == "cy" else "en"
    baseline_formula = formula.baseline()
    current = with_values(formula, adjusted) if adjusted else formula
    alloc = allocate(current)
    baseline = allocate(baseline_formula)
    text = explain(alloc, area_code, lang, baseline=baseline if current.scenario or adjusted else None)

    f = current
    W = {k: v[lang] for k, v in sentences()["pack"].items()}
    ill = f" ({W['illustrative']})"
    scen_label = f.scenarios[f.scenario].label.get(lang) if f.scenario in f.scenarios else W["baseline"]
    rows = [_row("id", W["formula"], f"{f.id} v{f.version}", f.label.get(lang)),
            _row("pot", W["pot"], f.pot, f.currency),
            _row("illustrative", W["illustrative"], f.illustrative, ""),
            _row("scenario", W["scenario"], f.scenario or "baseline", scen_label)]
    for cid, c in f.components.items():
        inds = "; ".join(i.label.get(lang) + (ill if i.illustrative else "") for i in (*c.need, *c.cost))
        rows.append(_row(f"components.{cid}.weight", c.label.get(lang), c.weight,
                         f"{W['base']}: {f.bases[c.base].label.get(lang)}; {inds}".rstrip("; ")))
    for bid, b in f.bases.items():
        detail = b.kind + (f" ({b.column.table}.{b.column.column})" if b.column else "")
        for term in b.inflation:
            detail += f"; {term.label.get(lang)}: {W['inflation_rate']} {term.rate:g}" + (ill if term.illustrative else "")
        for band in b.bands:
            detail += f"; {band.label.get(lang)}: {W['registration_rate']} {band.registration_rate:g}" + (ill if band.illustrative else "")
        rows.append(_row(f"bases.{bid}", b.label.get(lang), detail, b.source.text.get(lang) if b.source else ""))
    cons = f.constraints
    if cons.has_previous:
        prev = cons.previous_scenario or f"{cons.previous_column.table}.{cons.previous_column.column}"
        rows.append(_row("constraints.previous", W["previous"], prev, ""))
        rows.append(_row("constraints.damping", W["damping"], cons.damping, ""))
        rows.append(_row("constraints.floor", W["floor"], cons.floor, ""))
        rows.append(_row("constraints.cap", W["cap"], cons.cap, ""))
    for p in f.parameters:
        rows.append(_row(p.path, p.label.get(lang), get_path(f.raw, p.path),
                         W["range"].format(low=f"{p.low:g}", high=f"{p.high:g}") + (ill if p.illustrative else "")))

    tables = load_tables(f)
    data = []
    seen = set()
    for col in _columns(f):
        if (col.table, col.column) in seen:
            continue
        seen.add((col.table, col.column))
        df = tables[col.table]
        spec = f.tables[col.table]
        series = pd.to_numeric(df[col.column], errors="coerce")
        is_count = col.path.startswith("bases.") and not col.percent_of     # percentages are averaged, not summed
        summary = (W["sum_over_areas"].format(value=f"{series.sum():,.0f}") if is_count
                   else W["mean_over_areas"].format(value=f"{series.mean():,.4g}"))
        value = df.loc[area_code, col.column] if area_code in df.index else None
        data.append(_row(f"{col.table}.{col.column}", col.path, value,
                         f"{summary}; " + (spec.source.text.get(lang) if spec.source else "")))

    t = alloc.table.set_index("area_code")
    r = t.loc[area_code]
    drivers = sentences()["drivers"]
    pos = [_row("allocation", W["allocation"], round(r["allocation"], 2), f.currency),
           _row("share", W["share"], r["share"], ""),
           _row("rank", W["rank"], int((t["allocation"] > r["allocation"]).sum()) + 1, W["of_n"].format(n=len(t))),
           _row("per_head", W["per_head"], round(text.facts["per_head"], 4), f.currency)]
    for _, d in decompose(alloc, area_code).iterrows():
        if d["driver"] in ("need", "cost") and d["amount"] == 0:
            continue
        label = f.components[d["component"]].label.get(lang) + ": " if d["component"] else ""
        pos.append(_row(f"driver.{d['component'] or 'all'}.{d['driver']}", label + drivers[d["driver"]][lang],
                        round(d["amount"], 2) + 0.0, ""))     # + 0.0: no "-0.0" for a rounding under half a penny
    scen = []
    base_value = baseline.table.set_index("area_code").loc[area_code, "allocation"]
    tried = [("baseline", baseline_formula)] + [(s, apply_scenario(baseline_formula, s)) for s in baseline_formula.scenarios]
    for sid, sf in tried:
        value = allocate(sf).table.set_index("area_code").loc[area_code, "allocation"]
        label = sf.scenarios[sid].label.get(lang) if sid in sf.scenarios else W["baseline"]
        scen.append(_row(sid, label, round(value, 2), W["change_on_baseline"].format(value=f"{value - base_value:+,.2f}")))
    if adjusted:
        note = "; ".join(f"{k}={v}" for k, v in adjusted.items())
        scen.append(_row("adjusted", f"{scen_label}, {W['adjusted']}", round(r["allocation"], 2),
                         f"{note}; " + W["change_on_baseline"].format(value=f"{r['allocation'] - base_value:+,.2f}")))
    return Pack(f, area_code, text.area_name, lang, text, pd.DataFrame(rows), pd.DataFrame(data), pd.DataFrame(pos),
                pd.DataFrame(scen))


def _columns(f: Formula):
    for b in f.bases.values():
        if b.column:
            yield b.column
        for term in b.inflation:
            yield term.count
        for band in b.bands:
            yield band.count
    for c in f.components.values():
        for ind in (*c.need, *c.cost):
            for col, _ in ind.terms:
                yield col
    if f.constraints.previous_column:
        yield f.constraints.previous_column


def scenario_allocations(formula: Formula) -> dict[str, Allocation]:
    base = formula.baseline()
    return {"baseline": allocate(base), **{s: allocate(apply_scenario(base, s)) for s in base.scenarios}}
