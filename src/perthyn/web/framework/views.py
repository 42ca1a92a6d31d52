"""Thin views over perthyn.framework: domains, indicators, one indicator, schemes and the gap report."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from perthyn import framework as fwk
from perthyn.framework import gaps as gaps_mod


def _lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def _status_labels(fw):
    return {c.id: c for c in fw.codes["statuses"]}


STATUS_COLOURS = {"available": "#0b5d3b", "partial": "#8a6100", "in_development": "#1d5fa8", "no_data": "#8a1c3c"}


def _status_chart(rows, statuses, lang):
    """Geometry of a stacked bar chart (indicators per domain by status), drawn by the template as SVG."""
    label_w, bar_w, step = 210, 420, 26
    most = max((r["n"] for r in rows), default=1) or 1
    bars = []
    for n, r in enumerate(rows):
        x, segments = label_w, []
        for status, count in r["all_statuses"]:
            if count:
                width = round(bar_w * count / most, 1)
                segments.append({"x": x, "width": width, "colour": STATUS_COLOURS[status],
                                 "title": f"{statuses[status].label.get(lang)}: {count}"})
                x += width
        bars.append({"y": n * step, "label": r["domain"].label.get(lang), "segments": segments})
    legend_y = len(rows) * step + 6
    legend = [{"x": i * 150, "colour": STATUS_COLOURS[s], "label": statuses[s].label.get(lang)}
              for i, s in enumerate(fwk.STATUSES)]
    return {"bars": bars, "legend": legend, "legend_y": legend_y, "height": legend_y + 20}


def index(request):
    fw = fwk.load()
    statuses = _status_labels(fw)
    domains = []
    for d in fw.domains("wales_mif"):
        inds = fw.indicators_in(d.id)
        counts = Counter(i.status for i in inds)
        domains.append({"domain": d, "n": len(inds), "core": sum(i.core for i in inds),
                        "all_statuses": [(s, counts[s]) for s in fwk.STATUSES]})
    totals = Counter(i.status for i in fw.indicators)
    return render(request, "framework/index.html", {
        "fw": fw, "domains": domains, "statuses": statuses, "chart": _status_chart(domains, statuses, _lang()),
        "totals": [(s, totals[s]) for s in fwk.STATUSES], "n": len(fw.indicators), "n_core": len(fw.core),
    })


def indicators(request):
    fw = fwk.load()
    domain_ids = [d.id for d in fw.domains("wales_mif")]
    domain = request.GET.get("domain") or ""
    if domain and domain not in domain_ids:
        raise Http404("unknown domain")
    core = request.GET.get("core") == "1"
    rows = [i for i in fw.indicators if (not domain or i.domain == domain) and (not core or i.core)]
    return render(request, "framework/indicators.html", {
        "fw": fw, "rows": rows, "domain": fw.domain(domain) if domain else None, "core": core,
        "domains": fw.domains("wales_mif"), "statuses": _status_labels(fw),
        "domain_labels": {d.id: d.label for d in fw.domains("wales_mif")},
    })


def indicator(request, indicator_id):
    fw = fwk.load()
    try:
        ind = fw.indicator(indicator_id)
    except KeyError:
        raise Http404("unknown indicator") from None
    sources = [{"status": s, "source": fw.source(s.source), "frequency": fw.code("frequencies", s.frequency),
                "collector": fw.code("collectors", s.collected_by)} for s in ind.sources]
    return render(request, "framework/indicator.html", {
        "fw": fw, "ind": ind, "domain": fw.domain(ind.domain), "sources": sources,
        "statuses": _status_labels(fw), "unit": fw.code("units", ind.definition.unit),
        "direction": fw.code("directions", ind.definition.direction),
        "home_office": [fw.domain(h, "home_office_ioi") for h in ind.home_office],
        "wellbeing": [d for d in fw.domains("wellbeing_wales") if d.number in ind.wellbeing],
        "themes": [fw.theme(t) for t in ind.themes],
        "documents": [d for d in fw.documents if d.id in ind.named_in],
        "progress_item": next((p for p in fw.progress_items if p.id == ind.progress_item), None),
    })


def scheme(request, scheme_id):
    fw = fwk.load()
    if scheme_id not in ("home_office_ioi", "wellbeing_wales"):
        raise Http404("unknown scheme")
    s = fw.scheme(scheme_id)
    groups = {g.id: g for g in s.groups}
    rows = []
    for d in s.domains:
        mapped = [i for i in fw.indicators
                  if (d.id in i.home_office if scheme_id == "home_office_ioi" else d.number in i.wellbeing)]
        rows.append({"domain": d, "group": groups.get(d.group), "indicators": mapped})
    return render(request, "framework/scheme.html", {"fw": fw, "scheme": s, "rows": rows,
                                                     "document": next(x for x in fw.documents if x.id == s.document)})


DOWNLOADS = {"csv": ("text/csv", "csv"), "md": ("text/markdown", "md"), "html": ("text/html", "html")}


def gaps(request):
    fw = fwk.load()
    report = gaps_mod.build(fw)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in DOWNLOADS:
            raise Http404("unknown format")
        lang = _lang()
        body = {"csv": lambda: gaps_mod.to_csv(report), "md": lambda: gaps_mod.to_markdown(report, lang),
                "html": lambda: gaps_mod.to_html(report, lang)}[fmt]()
        mime, ext = DOWNLOADS[fmt]
        resp = HttpResponse(body, content_type=f"{mime}; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="perthyn-data-gaps-{fw.version}-{lang}.{ext}"'
        return resp
    return render(request, "framework/gaps.html", {
        "fw": fw, "report": report, "challenges": gaps_mod.challenge_lines(report, _lang()),
        "statuses": _status_labels(fw),
    })
