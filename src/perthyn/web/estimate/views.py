"""Thin views: the demo framework run on synthetic data, each number with its provenance."""

from __future__ import annotations

import math

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import get_language, gettext as _, gettext_lazy

from .demo import demo_dir
from . import wording
from .selectors import demo_results, indicator_rows

GROUPINGS = {
    "overall": gettext_lazy("Everyone"),
    "migrant_group": gettext_lazy("Migrant group"),
    "residence_band": gettext_lazy("Years since arrival"),
    "age_group": gettext_lazy("Age group"),
    "sex": gettext_lazy("Sex"),
    "area_code": gettext_lazy("Local authority"),
    "area_code+migrant_group": gettext_lazy("Local authority and migrant group"),
}
VALUES = {
    "migrant": {"true": gettext_lazy("Migrants (born outside the UK)"), "false": gettext_lazy("Born in the UK"),
                "all": gettext_lazy("Everyone"), "true - false": gettext_lazy("Gap: migrants minus UK-born")},
    "migrant_group": {"uk": gettext_lazy("UK"), "eu14": gettext_lazy("EU14"), "eu8": gettext_lazy("EU8"),
                      "eu2": gettext_lazy("EU2"), "eu_other": gettext_lazy("Other EU"),
                      "eea_efta": gettext_lazy("EEA/EFTA"), "switzerland": gettext_lazy("Switzerland"),
                      "third_country": gettext_lazy("Outside the EU")},
    "residence_band": {"uk_born": gettext_lazy("Born in the UK"), "lt2": gettext_lazy("Less than 2 years"),
                       "lt1": gettext_lazy("Less than 1 year"), "1to5": gettext_lazy("1 to 5 years"),
                       "2to5": gettext_lazy("2 to 5 years"), "5to10": gettext_lazy("5 to 10 years"),
                       "10plus": gettext_lazy("10 years or more")},
    "age_group": {"child_0_15": gettext_lazy("0 to 15"), "working_16_64": gettext_lazy("16 to 64"),
                  "pension_65plus": gettext_lazy("65 and over")},
    "sex": {"female": gettext_lazy("Female"), "male": gettext_lazy("Male")},
}


def _areas(lang):
    from perthyn.data import wales_las

    las = wales_las()
    col = "name_cy" if lang.startswith("cy") else "name_en"
    return dict(zip(las["area_code"], las[col]))


def _fmt(v, scale=100, digits=1):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{v * scale:.{digits}f}"


def _label(row, cols, areas):
    row = row._asdict() if hasattr(row, "_asdict") else row
    parts = []
    for c in cols:
        v = str(row[c])
        if v == "all":
            continue
        parts.append(areas.get(v, v) if c == "area_code" else str(VALUES.get(c, {}).get(v, v)))
    return " · ".join(parts) or str(VALUES["migrant"]["all"])


def _value_label(areas):
    return lambda col, v: areas.get(v, v) if col == "area_code" else str(VALUES.get(col, {}).get(v, v))


def index(request):
    from perthyn.charts import Estimate, dot_interval
    from perthyn.framework import load

    loaded = demo_results()
    if loaded is None:
        return render(request, "estimate/index.html", {"missing": True})
    est, manifest = loaded
    lang = get_language() or "en"
    fw = load()
    micro = est[est.input == "microdata"]
    ids = list(dict.fromkeys(micro.indicator_id))
    indicator_id = request.GET.get("indicator", ids[0] if ids else "")
    if indicator_id not in ids:
        raise Http404("no such indicator in the demo run")
    grouping = request.GET.get("grouping", "overall").replace(" ", "+")  # a bare + in a query string is a space
    if grouping not in GROUPINGS:
        raise Http404("no such grouping")
    ind = fw.indicator(indicator_id)
    rows = indicator_rows(micro, indicator_id, grouping)
    areas = _areas(lang)
    cols = ["migrant"] + [c for c in grouping.split("+") if c != "overall"]
    table, gaps, points = [], [], []
    named = _value_label(areas)
    for r in rows.itertuples():
        item = {
            "label": _label(r, [c for c in cols if c != "migrant"], areas) if grouping != "overall" else "",
            "side": str(VALUES["migrant"].get(str(r.migrant), r.migrant)),
            "estimate": _fmt(r.estimate), "ci": f"{_fmt(r.ci_low)} – {_fmt(r.ci_high)}" if not r.suppressed and r.ci_low == r.ci_low else "",
            "n": "" if r.n != r.n else f"{int(r.n):,}", "suppressed": bool(r.suppressed),
            "reason": wording.reason(r.suppression_reason, named) if isinstance(r.suppression_reason, str) else "",
            "flag": wording.flag(r.flag) if isinstance(r.flag, str) else "", "source": wording.source(r.source),
            "period": r.period, "version": r.definition_version,
        }
        (gaps if r.measure == "gap" else table).append(item)
        if r.measure == "estimate" and not r.suppressed and str(r.migrant) in ("true", "false"):
            series = _("Estimate") if grouping in ("migrant_group", "residence_band") else item["side"]
            points.append(Estimate(item["label"] or str(VALUES["migrant"]["all"]), series, r.estimate * 100,
                                   r.ci_low * 100, r.ci_high * 100, int(r.n)))
    label = ind.label.get(lang)
    chart = None
    if points and grouping in ("overall", "migrant_group", "residence_band", "age_group", "sex"):
        chart = dot_interval(points[:40], title=_("%(indicator)s: migrants and people born in the UK (synthetic data)") % {"indicator": label},
                             desc=_("Estimates with 95% confidence intervals from synthetic survey data; the table gives the same numbers."),
                             unit="%", lang=lang)
    context = {
        "manifest": manifest, "indicator": ind, "label": label, "indicators": [(i, fw.indicator(i).label.get(lang)) for i in ids],
        "indicator_id": indicator_id, "grouping": grouping, "groupings": GROUPINGS.items(), "rows": table, "gaps": gaps,
        "chart": chart, "not_computed": [{**s, "reason": wording.reason(s.get("reason", ""))} for s in manifest.get("not_computed", [])],
        "aggregate": _aggregate(est, indicator_id, areas, lang),
    }
    return render(request, "estimate/index.html", context)


def _aggregate(est, indicator_id, areas, lang):
    from perthyn.estimate.aggregate import spec

    notes = {item["indicator_id"]: item["note"] for part in spec().values() if isinstance(part, dict)
             for item in part.get("items", [])}
    notes.update({part["indicator_id"]: part["note"] for part in spec().values()
                  if isinstance(part, dict) and "note" in part and "indicator_id" in part})
    agg = est[(est.input == "aggregate") & (est.indicator_id == indicator_id)]
    named = _value_label(areas)
    rows = []
    for r in agg.itertuples():
        note = notes.get(r.indicator_id, {})
        why = r.suppression_reason if isinstance(r.suppression_reason, str) and r.suppression_reason else ""
        code = r.flag if isinstance(r.flag, str) else ""
        rows.append({"area": areas.get(r.area_code, r.area_code), "estimate": _fmt(r.estimate),
                     "source": wording.source(r.source), "period": r.period,
                     "note": note.get("cy" if lang.startswith("cy") else "en", r.note) if note else r.note,
                     "status": wording.reason(why, named) if why else (wording.status(code) if code else "")})
    return rows


def download(request, name):
    if name not in ("estimates.csv", "manifest.json"):
        raise Http404()
    path = demo_dir() / name
    if not path.exists():
        raise Http404()
    # gated output only: the microdata never reach the web tier
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"perthyn-synthetic-{name}")
