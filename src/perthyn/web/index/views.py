"""Thin views: check who is asking, call a selector or service, render."""

from __future__ import annotations

import io

import pandas as pd
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from perthyn.errors import InputErrors
from perthyn.web.core.access import require_role
from perthyn.web.core.models import Organisation

from . import charts, selectors, services
from .forms import OfficerForm
from .models import Response, Round


def _lang():
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def _publisher(request):
    if not selectors.is_publisher(request.user):
        raise PermissionDenied
    return True


def _visible_round(request, year):
    round_ = get_object_or_404(Round, year=year)
    if round_.status != Round.Status.PUBLISHED and not selectors.is_publisher(request.user):
        raise Http404
    return round_


def _results(round_):
    """Published rounds are served from the snapshot frozen at publishing (frozen now if an older
    published round has none yet); the publisher's preview of an unpublished round is computed."""
    if round_.status == Round.Status.PUBLISHED and round_.results_snapshot is None:
        services.round_freeze_results(round_=round_)
    return selectors.results(round_)


def _problems(request, exc: InputErrors):
    for p in exc.problems:
        messages.error(request, str(p))


def index(request):
    rounds = Round.objects.all()
    publisher = request.user.is_authenticated and selectors.is_publisher(request.user)
    councils = selectors.officer_councils(request.user) if request.user.is_authenticated else []
    mine = []
    for r in rounds:
        for org in councils:
            resp = Response.objects.filter(round=r, organisation=org).first()
            mine.append({"round": r, "org": org, "response": resp})
    return render(request, "index/index.html", {"rounds": rounds, "published": rounds.filter(status="published"),
                                                "publisher": publisher, "mine": mine})


def _form_values(request, q):
    values = {}
    for question in q.questions:
        values[question.id] = (request.POST.get(f"q_{question.id}", "").strip(),
                               request.POST.get(f"link_{question.id}", "").strip(),
                               request.POST.get(f"note_{question.id}", "").strip())
    for sq in q.self_assessment:
        values[sq.id] = (request.POST.get(f"q_{sq.id}", "").strip(), "", "")
    return values


@login_required
def respond(request, year, slug):
    round_ = get_object_or_404(Round, year=year)
    org = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.COUNCIL)
    require_role(request.user, org, ["officer"])
    response = services.response_for(round_=round_, organisation=org)
    q = selectors.questionnaire(round_)
    editable = round_.is_open and response.state == Response.State.DRAFT
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        submit = "submit" in request.POST
        try:
            services.response_save(response=response, values=_form_values(request, q), user=request.user,
                                   submit=submit, request=request)
        except InputErrors as exc:
            _problems(request, exc)
            return render(request, "index/respond.html", _respond_context(round_, org, response, q, request.POST),
                          status=400)
        messages.success(request, _("Your answers have been submitted.") if submit else _("Draft saved."))
        return redirect("index:respond", year=year, slug=slug)
    return render(request, "index/respond.html", _respond_context(round_, org, response, q))


def _respond_context(round_, org, response, q, posted=None):
    lang = _lang()
    saved = selectors.answers_by_question(response)
    specials = {k: v.get(lang) for k, v in q.special_labels.items()}

    def current(qid, field):
        if posted is not None:
            return posted.get(f"{field}_{qid}", "")
        a = saved.get(qid)
        return "" if a is None else {"q": a.value, "link": a.evidence_link, "note": a.note}[field]

    sections = []
    for s in q.sections:
        items = []
        for question in s.questions:
            choices = [(o.id, f"{o.label.get(lang)} ({o.score:g})") for o in question.options]
            choices += [(a, specials.get(a, a)) for a in question.allow]
            items.append({"q": question, "text": question.text.get(lang), "choices": choices,
                          "value": current(question.id, "q"), "link": current(question.id, "link"),
                          "note": current(question.id, "note"),
                          "data_collection": "data_collection" in question.tags})
        sections.append({"id": s.id, "title": s.title.get(lang), "items": items})
    self_items = [{"q": sq, "text": sq.text.get(lang), "value": current(sq.id, "q"),
                   "choices": [(o[0], o[2].get(lang)) for o in q.self_scale]} for sq in q.self_assessment]
    editable = round_.is_open and response.state == Response.State.DRAFT
    return {"round": round_, "org": org, "response": response, "sections": sections, "self_items": self_items,
            "editable": editable, "title": q.title.get(lang)}


@login_required
def review(request, year):
    _publisher(request)
    round_ = get_object_or_404(Round, year=year)
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name")
    responses = {r.organisation_id: r for r in round_.responses.all()}
    rows = [{"org": o, "response": responses.get(o.pk)} for o in councils]
    return render(request, "index/review.html", {"round": round_, "rows": rows})


@login_required
def review_response(request, year, slug):
    _publisher(request)
    round_ = get_object_or_404(Round, year=year)
    org = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.COUNCIL)
    response = get_object_or_404(Response, round=round_, organisation=org)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "verify":
                services.response_verify(response=response, user=request.user, request=request)
                messages.success(request, _("Response verified."))
            elif action == "return":
                services.response_return(response=response, user=request.user, request=request)
                messages.success(request, _("Response returned to the council as a draft."))
        except services.NotAllowed:
            messages.error(request, _("That is not possible at this stage of the round."))
        return redirect("index:review", year=year)
    q = selectors.questionnaire(round_)
    ctx = _respond_context(round_, org, response, q)
    ctx["editable"] = False
    ctx["reviewing"] = True
    return render(request, "index/respond.html", ctx)


@login_required
@require_POST
def round_action(request, year, action):
    _publisher(request)
    round_ = get_object_or_404(Round, year=year)
    try:
        if action == "lock":
            services.round_lock(round_=round_, user=request.user, request=request)
            messages.success(request, _("Round locked: answers can no longer be changed."))
        elif action == "publish":
            services.round_publish(round_=round_, user=request.user, request=request)
            messages.success(request, _("Round published."))
        else:
            raise Http404
    except services.NotAllowed:
        messages.error(request, _("That is not possible at this stage of the round."))
    return redirect("index:review", year=year)


@login_required
def import_sheet(request, year):
    _publisher(request)
    round_ = get_object_or_404(Round, year=year)
    if request.method == "POST" and request.FILES.get("sheet"):
        try:
            frame, name = services.read_sheet(request.FILES["sheet"])
            n = services.import_answers(round_=round_, frame=frame, file=name, user=request.user, request=request)
        except InputErrors as exc:
            _problems(request, exc)
            return render(request, "index/import.html", {"round": round_}, status=400)
        except services.NotAllowed:
            messages.error(request, _("That is not possible at this stage of the round."))
            return redirect("index:review", year=year)
        except (ValueError, UnicodeDecodeError):
            messages.error(request, _("The file could not be read as CSV or XLSX."))
            return render(request, "index/import.html", {"round": round_}, status=400)
        messages.success(request, _("Imported answers for %(n)s authorities.") % {"n": n})
        return redirect("index:review", year=year)
    return render(request, "index/import.html", {"round": round_})


@never_cache  # the page that shows an initial password must never be stored by a browser or proxy
@login_required
def officers(request):
    """The publisher lists each council's officer accounts and adds one; the new account's initial
    password is shown on this response only."""
    _publisher(request)
    form = OfficerForm(request.POST or None)
    created = password = council = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            council = form.cleaned_data["council"]
            try:
                created, password = services.officer_create(
                    username=form.cleaned_data["username"], email=form.cleaned_data["email"],
                    council=council, user=request.user, request=request)
                form = OfficerForm()
            except services.AccountExists:
                form.add_error("username", _("An account with this username already exists."))
                status = 400
        else:
            status = 400
    return render(request, "index/officers.html", {
        "form": form, "rows": selectors.officer_accounts(), "created": created, "password": password,
        "council": council}, status=status)


@login_required
@require_POST
def officer_deactivate(request, pk):
    _publisher(request)
    account = get_object_or_404(get_user_model(), pk=pk)
    try:
        services.officer_deactivate(account=account, user=request.user, request=request)
        messages.success(request, _("Account %(username)s deactivated: it can no longer sign in.")
                         % {"username": account.username})
    except services.NotAllowed:
        messages.error(request, _("Only an active local-authority officer account can be deactivated here."))
    return redirect("index:officers")


def results(request, year):
    round_ = _visible_round(request, year)
    res = _results(round_)
    lang = _lang()
    q = selectors.questionnaire(round_)
    ctx = {"round": round_, "res": res, "areas": [(s.id, s.title.get(lang)) for s in q.sections]}
    if res is not None:
        ctx["rows"] = res.ranking.to_dict("records")
        ctx["chart_scores"] = charts.overall_chart(res, lang)
        ctx["chart_ranks"] = charts.rank_chart(res, lang)
        ctx["chart_distribution"] = charts.distribution_chart(res, lang)
        ctx["n_inconsistent"] = (res.consistency.loc[~res.consistency["consistent"], "area_code"].nunique()
                                 if len(res.consistency) else 0)
    return render(request, "index/results.html", ctx)


def scorecard(request, year, area_code):
    round_ = _visible_round(request, year)
    res = _results(round_)
    if res is None or area_code not in set(res.ranking["area_code"]):
        raise Http404
    lang = _lang()
    q = selectors.questionnaire(round_)
    row = res.ranking.set_index("area_code").loc[area_code]
    areas = [{"id": s.id, "title": s.title.get(lang), "score": row[s.id], "average": res.averages[s.id]}
             for s in q.sections]
    cons = res.consistency[res.consistency["area_code"] == area_code].to_dict("records") if len(res.consistency) else []
    labels = {o[0]: o[2].get(lang) for o in q.self_scale}
    by_step = {o[1]: o[2].get(lang) for o in q.self_scale}
    measures = {"migrants": _("Migrants"), "eu_migrants": _("EU migrants"), "non_eu_migrants": _("Non-EU migrants")}
    for c in cons:
        c["answer_label"] = labels.get(c["answer"], c["answer"])
        c["census_label"] = by_step.get(c["census_step"], "")
        c["measure_label"] = measures.get(c["measure"], c["measure"])
    return render(request, "index/scorecard.html", {
        "round": round_, "row": row, "area_code": area_code, "areas": areas, "averages": res.averages,
        "count": len(res.ranking), "consistency": cons,
        "chart": charts.scorecard_chart(row, areas, lang)})


def download(request, year, fmt):
    round_ = _visible_round(request, year)
    res = _results(round_)
    if res is None or fmt not in ("csv", "xlsx"):
        raise Http404
    table = res.ranking
    filename = f"lmii_{round_.year}"
    if fmt == "csv":
        resp = HttpResponse(table.to_csv(index=False), content_type="text/csv; charset=utf-8")
    else:
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            table.to_excel(xl, sheet_name="ranking", index=False)
            res.scores.summary.to_excel(xl, sheet_name="summary")
            res.scores.distribution.to_excel(xl, sheet_name="distribution")
            if len(res.consistency):
                res.consistency.to_excel(xl, sheet_name="consistency", index=False)
        resp = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return resp
