"""Thin views over perthyn.funding: the formula explorer, an explanation per area, and the challenge pack.

Everything is a GET with the scenario and parameter values in the query string, so any view of the
explorer can be bookmarked, shared in a review, and reproduced with `perthyn funding allocate --set`.
All figures are aggregates of published tables: no personal data, so the pages are public.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perthyn.charts import Bar, bar, ranked_bar
from perthyn.errors import InputErrors
from perthyn.funding.cli import allocation_csv, bundled, csv_text
from perthyn.funding.engine import allocate
from perthyn.funding.explain import decompose, explain, money, pct
from perthyn.funding.formula import Formula, apply_scenario, get_path, load, with_values
from perthyn.funding.scenarios import compare, effects, swings


def _lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


@lru_cache(maxsize=8)
def _formula(formula_id: str) -> Formula:
    path = bundled().get(formula_id)
    if path is None:
        raise Http404(formula_id)
    return load(path)


class ExplorerForm(forms.Form):
    scenario = forms.ChoiceField(label=gettext_lazy("Scenario"))

    def __init__(self, formula: Formula, lang: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("baseline", _("Baseline (the formula as written)"))]
        choices += [(sid, s.label.get(lang)) for sid, s in formula.scenarios.items()]
        self.fields["scenario"].choices = choices
        self.params = list(formula.parameters)
        for i, p in enumerate(self.params):
            self.fields[f"p{i}"] = forms.FloatField(
                label=p.label.get(lang), required=False,
                help_text=_("Range to explore: %(low)s to %(high)s.") % {"low": f"{p.low:g}", "high": f"{p.high:g}"}
                + (" " + _("Illustrative value.") if p.illustrative else ""),
                widget=forms.NumberInput(attrs={"step": "any"}))


def _state(request, formula: Formula, lang: str):
    """Read the explorer's query string: (form, scenario formula, adjusted values, adjusted formula, error)."""
    data = request.GET if request.GET else None
    form = ExplorerForm(formula, lang, data, initial={"scenario": next(iter(formula.scenarios), "baseline")})
    scenario = next(iter(formula.scenarios), "baseline")
    values: dict = {}
    if form.is_bound and form.is_valid():
        scenario = form.cleaned_data["scenario"]
    scen = apply_scenario(formula, scenario)
    # fill blank parameter boxes with the scenario's own values, so the form always shows what is used
    initial = {f"p{i}": get_path(scen.raw, p.path) for i, p in enumerate(form.params)}
    if form.is_bound and form.is_valid():
        for i, p in enumerate(form.params):
            v = form.cleaned_data.get(f"p{i}")
            if v is not None and v != initial[f"p{i}"]:
                values[p.path] = v
    if not form.is_bound:
        form = ExplorerForm(formula, lang, initial={"scenario": scenario, **initial})
    elif form.is_valid():
        form.data = form.data.copy()
        for k, v in initial.items():
            if not form.data.get(k):
                form.data[k] = v
    error = None
    current = scen
    if values:
        try:
            current = with_values(scen, values)
        except InputErrors as exc:
            error = [p.message + (f" {p.fix}" if p.fix else "") for p in exc.problems]
            current = scen
    return form, scenario, values, current, error


@lru_cache(maxsize=16)
def _swings(formula_id: str, scenario: str):
    """One-at-a-time parameter effects for a scenario (cached: the files do not change while serving)."""
    return swings(effects(apply_scenario(_formula(formula_id), scenario), joint=False)["one_at_a_time"])


def index(request):
    lang = _lang()
    formulae = [{"id": fid, "label": _formula(fid).label.get(lang), "description": _formula(fid).description.get(lang),
                 "illustrative": _formula(fid).illustrative} for fid in sorted(bundled())]
    return render(request, "funding/index.html", {"formulae": formulae})


def explore(request, formula_id: str):
    lang = _lang()
    formula = _formula(formula_id)
    form, scenario, values, current, error = _state(request, formula, lang)
    baseline = allocate(formula)
    try:
        adjusted = allocate(current)
    except InputErrors as exc:
        error = [p.message + (f" {p.fix}" if p.fix else "") for p in exc.problems]
        adjusted = allocate(apply_scenario(formula, scenario))
    cmp = compare(baseline, adjusted, names=("baseline", "adjusted")).sort_values("change", ascending=False)
    name_col = "area_name_cy" if lang == "cy" else "area_name"
    query = request.GET.urlencode()
    rows = [{"code": r.area_code, "name": getattr(r, name_col), "baseline": money(r.allocation_baseline, lang, digits=0),
             "adjusted": money(r.allocation_adjusted, lang, digits=0), "change": _signed(r.change, lang),
             "change_pct": pct(r.change_pct / 100, lang), "direction": r.direction,
             "url": reverse("funding:area", args=[formula_id, r.area_code]) + (f"?{query}" if query else "")}
            for r in cmp.itertuples()]
    chart = bar([Bar(getattr(r, name_col), round(r.change), r.area_code) for r in cmp.itertuples()],
                title=_("Change in allocation against the baseline, by area (£)"),
                desc=_("Horizontal bars: gains to the right of zero, losses to the left. %(gains)s areas gain and "
                       "%(losses)s lose; gains and losses cancel, because the pot is fixed.")
                % {"gains": (cmp.direction == "gain").sum(), "losses": (cmp.direction == "loss").sum()},
                unit="", decimals=0, lang=lang, label_heading=_("Area"), value_heading=_("Change (£)"),
                id="funding-change")
    names = dict(zip(baseline.table.area_code, baseline.table[name_col]))
    sens = [{"label": p.label, "from": f"{p.from_value:g}", "range": f"{p.low:g} – {p.high:g}",
             "gain": _signed(p.max_gain, lang), "gain_area": names.get(p.max_gain_area, ""),
             "loss": _signed(p.max_loss, lang), "loss_area": names.get(p.max_loss_area, "")}
            for p in _swings(formula_id, scenario).itertuples()]
    return render(request, "funding/explore.html", {
        "sensitivity": sens,
        "formula": _formula_context(current, lang), "formula_id": formula_id, "form": form, "rows": rows,
        "chart": chart, "error": error, "scenario": scenario, "values": values, "query": query,
        "gains": money(cmp[cmp.change > 0].change.sum(), lang), "n_gain": int((cmp.change > 0).sum()),
        "n_loss": int((cmp.change < 0).sum()),
        "pot": money(formula.pot, lang), "csv_url": reverse("funding:allocation_csv", args=[formula_id])
        + (f"?{query}" if query else "")})


def area(request, formula_id: str, code: str):
    lang = _lang()
    formula = _formula(formula_id)
    form, scenario, values, current, error = _state(request, formula, lang)
    baseline = allocate(formula)
    try:
        alloc = allocate(current)
    except InputErrors:
        alloc = allocate(apply_scenario(formula, scenario))
    if code not in set(alloc.table.area_code):
        raise Http404(code)
    text = explain(alloc, code, lang, baseline=baseline if (current.scenario or values) else None)
    parts = []
    for _i, d in decompose(alloc, code).iterrows():
        if d["driver"] in ("need", "cost", "damping", "floor_cap") and abs(d["amount"]) < 0.005:
            continue
        if d["driver"] == "rounding" and abs(d["amount"]) < 0.5:   # at most a penny: invisible in whole pounds
            continue
        comp = current.components[d["component"]].label.get(lang) if d["component"] else ""
        parts.append({"component": comp, "driver": _driver(d["driver"]), "amount": _signed(d["amount"], lang)})
    tried = [(sid, s.label.get(lang), apply_scenario(formula, sid)) for sid, s in formula.scenarios.items()]
    base_value = float(baseline.table.set_index("area_code").loc[code, "allocation"])
    bars = [Bar(label, round(float(allocate(f).table.set_index("area_code").loc[code, "allocation"]) - base_value), sid)
            for sid, label, f in tried]
    if values:
        mine = float(alloc.table.set_index("area_code").loc[code, "allocation"]) - base_value
        bars.append(Bar(_("Your adjusted values"), round(mine), "adjusted"))
    chart = bar(bars, title=_("Change for %(area)s against the baseline under each scenario (£)") % {"area": text.area_name},
                desc=_("One bar per scenario tried: gains to the right of zero, losses to the left. The baseline "
                       "gives %(baseline)s.") % {"baseline": money(base_value, lang)},
                unit="", decimals=0, lang=lang, label_heading=_("Scenario"), value_heading=_("Change (£)"),
                id="funding-area-scenarios",
                highlight="adjusted" if values else (scenario if scenario != "baseline" else None))
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    position = _per_head_chart(alloc, code, lang)
    return render(request, "funding/area.html", {
        "position": position,
        "formula": _formula_context(current, lang), "formula_id": formula_id, "text": text, "parts": parts,
        "chart": chart, "code": code, "explore_url": reverse("funding:explore", args=[formula_id]) + suffix,
        "pdf_url": reverse("funding:pack_pdf", args=[formula_id, code]) + suffix,
        "csv_url": reverse("funding:pack_csv", args=[formula_id, code]) + suffix, "error": error})


def allocation_download(request, formula_id: str):
    formula = _formula(formula_id)
    _form, scenario, _values, current, _error = _state(request, formula, _lang())
    df = allocation_csv(allocate(current))
    response = HttpResponse(csv_text(df), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{formula_id}-{scenario}.csv"'
    return response


def _pack(request, formula_id: str, code: str):
    from perthyn.funding.pack import build

    formula = _formula(formula_id)
    _form, scenario, values, current, _error = _state(request, formula, _lang())
    if code not in set(allocate(formula).table.area_code):
        raise Http404(code)
    try:
        return build(apply_scenario(formula, scenario), code, _lang(), adjusted=values or None)
    except InputErrors:
        return build(apply_scenario(formula, scenario), code, _lang())


def pack_csv(request, formula_id: str, code: str):
    pack = _pack(request, formula_id, code)
    response = HttpResponse(pack.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="challenge-pack-{formula_id}-{code}.csv"'
    return response


def pack_pdf(request, formula_id: str, code: str):
    import logging

    from django.template.loader import render_to_string
    from weasyprint import HTML

    pack = _pack(request, formula_id, code)
    lang = _lang()
    alloc = allocate(pack.formula)        # the formula as reviewed, adjusted values included
    html = render_to_string("funding/pack.html", {
        "pack": pack, "formula": _formula_context(pack.formula, lang),
        "position": _per_head_chart(alloc, code, lang),
        "sections": [(_("The formula"), pack.formula_rows), (_("The data for this area"), pack.data_rows),
                     (_("The area's position"), pack.position), (_("Scenarios tried"), pack.scenarios)],
    }, request=request)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="challenge-pack-{formula_id}-{code}.pdf"'
    return response


def _per_head_chart(alloc, code: str, lang: str):
    """Where the area stands: allocation per usual resident in every area, this one picked out."""
    from perthyn.funding.explain import reference_base

    ref = reference_base(alloc)
    heads = alloc.bases.set_index("area_code")[ref]
    name_col = "area_name_cy" if lang == "cy" else "area_name"
    items = [Bar(r[name_col], round(r["allocation"] / heads[r["area_code"]], 2), r["area_code"])
             for _i, r in alloc.table.iterrows() if heads[r["area_code"]] > 0]
    return ranked_bar(items, highlight=code, title=_("Allocation per usual resident, every area (£)"),
                      desc=_("Areas ranked by allocation per usual resident; the area in question is picked out."),
                      unit="", decimals=2, lang=lang, label_heading=_("Area"), value_heading=_("£ per resident"),
                      id="funding-per-head")


def _formula_context(f: Formula, lang: str) -> dict:
    comps = [{"label": c.label.get(lang), "weight": pct(c.weight / (f.weights_total or 1), lang, 0),
              "base": f.bases[c.base].label.get(lang),
              "indicators": [{"label": i.label.get(lang), "illustrative": i.illustrative,
                              "source": i.source.text.get(lang) if i.source else ""} for i in (*c.need, *c.cost)]}
             for c in f.components.values()]
    bases = [{"label": b.label.get(lang), "kind": b.kind, "illustrative": b.illustrative,
              "inflation": [{"label": t.label.get(lang), "rate": pct(t.rate, lang, 0), "illustrative": t.illustrative}
                            for t in b.inflation],
              "bands": [{"label": band.label.get(lang), "rate": pct(band.registration_rate, lang, 0),
                         "illustrative": band.illustrative} for band in b.bands]} for b in f.bases.values()]
    sources = list(dict.fromkeys(t.source.text.get(lang) for t in f.tables.values() if t.source))
    cons = f.constraints
    return {"id": f.id, "label": f.label.get(lang), "description": f.description.get(lang), "pot": money(f.pot, lang),
            "illustrative": f.illustrative, "components": comps, "bases": bases, "sources": sources,
            "period": f.period, "damping": cons.damping if cons.has_previous else None,
            "floor": pct(cons.floor, lang, 1) if cons.floor is not None else None,
            "cap": pct(cons.cap, lang, 1) if cons.cap is not None else None,
            "scenario": f.scenarios[f.scenario].label.get(lang) if f.scenario in f.scenarios else _("Baseline")}


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "−" if x < 0 else "") + money(abs(x), lang)


def _driver(key: str) -> str:
    return {"population": _("head count in the population base"), "need": _("need adjustment"),
            "cost": _("cost adjustment"), "damping": _("damping"), "floor_cap": _("floor and cap"),
            "rounding": _("rounding to whole pence")}[key]
