"""Thin views over perthyn.publish: the list of areas, a profile per area, the Wales overview, downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from perthyn.charts import percent
from perthyn.errors import InputErrors
from perthyn.publish import areas, opendata, render as publish_render
from perthyn.publish.sources import census_shares

from . import selectors


def _table_href(code):
    def href(table, ext):
        return reverse("publish:table", args=[code, table.id, ext])
    return href


def _page(request, doc, code):
    context = publish_render.profile_context(doc, table_href=_table_href(code), links={
        "pdf": reverse("publish:pdf", args=[code]),
        "datapackage": reverse("publish:datapackage", args=[code]),
        "zip": reverse("publish:bulk"),
    })
    return render(request, "publish/profile.html", context)


def index(request):
    lang = selectors.current_lang()
    born = census_shares("country_of_birth")
    rows = [{"area": a, "name": a.name(lang), "born_outside": percent(born.loc[a.code].iloc[1], lang)}
            for a in areas.wales()]
    return render(request, "publish/index.html", {"rows": rows, "words": publish_render.words(lang),
                                                   "england": areas.england()})


def profile(request, code):
    lang = selectors.current_lang()
    try:
        doc = selectors.profile(code.upper(), lang)
    except InputErrors as exc:
        return render(request, "publish/unknown.html", {"code": code, "error": str(exc),
                                                        "rows": areas.wales(), "lang": lang}, status=404)
    return _page(request, doc, doc.area.code)


def overview(request):
    return _page(request, selectors.overview(selectors.current_lang()), "overview")


def _doc(code):
    try:
        return selectors.document(code if code == "overview" else code.upper(), selectors.current_lang())
    except InputErrors as exc:
        raise Http404(str(exc)) from exc


def pdf(request, code):
    doc = _doc(code)
    data = publish_render.pdf(publish_render.profile_html(doc))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="perthyn-{code.lower()}-{doc.lang}.pdf"'
    return response


def table(request, code, table_id, ext):
    doc = _doc(code)
    found = next((t for t in doc.tables() if t.id == table_id), None)
    if found is None:
        raise Http404("no such table")
    if ext == "csv":
        response = HttpResponse(opendata.csv_bytes(found), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(opendata.xlsx_bytes(found, doc.lang),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{table_id}-{doc.lang}.{ext}"'
    return response


def datapackage(request, code):
    doc = _doc(code)
    descriptor = opendata.descriptor(doc.tables(), name=f"perthyn-{code.lower()}-{doc.lang}", title=doc.title,
                                     lang=doc.lang)
    for resource in descriptor["resources"]:
        resource["path"] = request.build_absolute_uri(reverse("publish:table", args=[code, resource["name"], "csv"]))
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})


def bulk(request):
    """All Welsh areas and the overview, in the current language, as one zip of data packages."""
    lang = selectors.current_lang()
    response = HttpResponse(selectors.bulk_zip(lang), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="perthyn-opendata-{lang}.zip"'
    return response
