"""Thin views over perthyn.people: the glossary and who counts as a migrant."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language

from perthyn.errors import InputErrors


def _lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def glossary(request):
    from perthyn.people.glossary import glossary as terms

    lang = _lang()
    rows = [{"id": t.id, "term": t.term.get(lang), "definition": t.definition.get(lang),
             "sources": [s.get(lang) for s in t.sources]} for t in terms()]
    return render(request, "people/glossary.html", {"terms": rows})


def who(request):
    from perthyn.people import classify_detail, load_all

    lang = _lang()
    countries, groups, bands = load_all()
    group_rows = []
    for g in groups.groups:
        members = [{"code": m.country, "name": countries.by_alpha2[m.country].name.get(lang), "since": m.since,
                    "until": m.until} for m in g.members]
        group_rows.append({"id": g.id, "label": g.label.get(lang), "description": g.description.get(lang),
                           "members": members})
    hosts = [{"id": h.id, "label": h.label.get(lang), "extra": [
        {"group": m.group, "name": countries.by_alpha2[m.country].name.get(lang), "since": m.since, "until": m.until}
        for m in h.extra]} for h in groups.hosts.values()]
    residence = [{"id": scheme, "label": lab.get(lang), "bands": [(b.id, b.label.get(lang)) for b in bs]}
                 for scheme, (lab, bs) in bands.residence.items()]
    ages = [(b.id, b.label.get(lang)) for b in bands.age_groups]
    statuses = [(s.id, s.label.get(lang)) for s in bands.statuses]
    cta = [countries.by_alpha2[c].name.get(lang) for c in sorted(groups.common_travel_area)]

    # "Check a country": GET so the result can be bookmarked; errors shown next to the field.
    check = {"code": request.GET.get("code", "").strip(), "on": request.GET.get("on", "").strip(),
             "host": request.GET.get("host", "uk")}
    result = error = None
    if check["code"]:
        try:
            c = classify_detail(check["code"], check["on"] or None, check["host"])
            result = {"group": groups.by_id[c.group].label.get(lang), "group_id": c.group, "country": c.country.name.get(lang),
                      "alpha2": c.country.alpha2, "alpha3": c.country.alpha3, "on": c.on, "migrant": c.migrant,
                      "cta": c.common_travel_area}
        except InputErrors as exc:
            error = "; ".join(p.message for p in exc.problems)
    return render(request, "people/who.html", {
        "groups": group_rows, "hosts": hosts, "residence": residence, "ages": ages, "statuses": statuses,
        "cta": cta, "check": check, "result": result, "error": error,
    })
