"""Thin views: find the organisation the user belongs to, call a service or selector, render."""

from __future__ import annotations

import functools
import io
import uuid
from datetime import date

import pandas as pd
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from perthyn.errors import InputErrors
from perthyn.outcomes import charts
from perthyn.outcomes.bank import RTL
from perthyn.outcomes.distance import gated_cohort, person_distance
from perthyn.outcomes.paper import form_pdf, form_reference, parse_reference
from perthyn.outcomes.returns import Return, build_return, combine, read_return
from perthyn.outcomes.xlsform import export as xlsform_export
from perthyn.text import Text
from perthyn.web.core.access import organisations_for, require_role
from perthyn.web.core.audit import record
from perthyn.web.core.models import Organisation

from . import forms, selectors, services
from .models import OrganisationBank, Person, QuestionAudio, QuestionText, SentReturn

STAFF, READERS, ADMIN = ("admin", "caseworker"), ("admin", "caseworker", "viewer"), ("admin",)
LANG_NAMES = dict(settings.QUESTIONNAIRE_LANGUAGES)


def _org(request, slug, roles):
    org = get_object_or_404(Organisation, slug=slug)
    require_role(request.user, org, roles)
    return org


def _flash(request, level: str, text) -> None:
    # Our own one-line notice (not django.contrib.messages): the shared list markup fails axe's listitem rule.
    request.session["outcomes_notice"] = {"level": level, "text": str(text)}


def _render(request, template, context, status=200):
    context["notice"] = request.session.pop("outcomes_notice", None)
    return render(request, template, context, status=status)


def _ui():
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def _threshold():
    return settings.PERTHYN_DISCLOSURE_THRESHOLD


def _roles(request, org):
    return set(request.user.memberships.filter(organisation=org).values_list("role", flat=True))


# ---- overview -----------------------------------------------------------------------------------------

@login_required
def index(request):
    orgs = organisations_for(request.user, READERS)
    networks = organisations_for(request.user, ("funder",))
    if orgs.count() == 1 and not networks.exists():
        return redirect("outcomes:org", slug=orgs.first().slug)
    return _render(request, "outcomes/index.html", {"orgs": orgs, "networks": networks})


@login_required
def org_home(request, slug):
    org = _org(request, slug, READERS)
    roles = _roles(request, org)
    if not roles & set(STAFF):
        return redirect("outcomes:distance", slug=slug)
    conf = services.settings_for(org)
    people = Person.objects.filter(organisation=org).prefetch_related("readings")
    due = selectors.follow_ups(org, conf.intervals(), timezone.localdate())
    return _render(request, "outcomes/org_home.html", {
        "org": org, "people": people, "due": due, "roles": roles, "conf": conf,
        "lang_names": LANG_NAMES,
    })


# ---- people, consent, withdrawal ------------------------------------------------------------------------

def _withdrawn_page(view):
    """A withdrawn person's old address: still 404 and no data, but a page that says what happened."""
    @functools.wraps(view)
    def wrapper(request, slug, code, *args, **kwargs):
        try:
            return view(request, slug, code, *args, **kwargs)
        except selectors.PersonWithdrawn as gone:
            org = get_object_or_404(Organisation, slug=slug)
            return _render(request, "outcomes/withdrawn.html", {"org": org, "choice": gone.choice}, status=404)
    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request, slug):
    org = _org(request, slug, STAFF)
    form = forms.PersonForm(request.POST or None, age_limit=services.settings_for(org).child_age_limit,
                            initial={"token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            person, created = services.person_create(organisation=org, **form.cleaned_data)
        except InputErrors as e:
            form.add_error(None if e.problems[0].column == "token" else "reference", e.problems[0].message)
        else:
            if created:
                record("outcomes.person_created", request=request, organisation=org, obj=person)
            else:
                _flash(request, "info", _("This person was already added; they were not added twice."))
            return redirect("outcomes:consent", slug=slug, code=person.code)
    return _render(request, "outcomes/person_new.html", {"org": org, "form": form})


@login_required
@_withdrawn_page
def person_detail(request, slug, code):
    org = _org(request, slug, STAFF)
    person = selectors.person_for(org, code)
    bank = services.bank_for(org)
    ui = _ui()
    readings = selectors.readings_of(person)
    answers = selectors.answers_frame(org)
    dist = person_distance(answers[answers["person"] == person.code], bank) if len(answers) else pd.DataFrame()
    rows = [(bank.domain_label(r.domain, ui), r.baseline, r.latest) for r in dist.itertuples()] if len(dist) else []
    chart = charts.before_after(
        rows, title=_("Distance travelled for %(code)s") % {"code": person.code},
        desc=_("Score out of 10 per domain at the first and the latest reading."),
        labels=(_("First reading"), _("Latest reading")),
    ) if rows else ""
    return _render(request, "outcomes/person_detail.html", {
        "org": org, "person": person, "readings": readings, "dist": dist.to_dict("records") if len(dist) else [],
        "chart": chart, "consented": services.has_consent(person), "bank": bank, "ui": ui,
        "lang_names": LANG_NAMES, "domain_labels": {d: bank.domain_label(d, ui) for d in bank.domains},
    })


@login_required
@require_http_methods(["GET", "POST"])
@_withdrawn_page
def consent(request, slug, code):
    org = _org(request, slug, STAFF)
    person = selectors.person_for(org, code)
    bank = services.bank_for(org)
    lang = request.GET.get("lang") or person.language
    if lang not in bank.languages:
        lang = "en"
    form = forms.ConsentForm(request.POST or None,
                             initial={"given_by": "guardian" if person.is_child else "self", "token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        given_by = form.cleaned_data["given_by"]
        try:
            _consent, created = services.consent_record(person=person, language=lang, given_by=given_by, bank=bank,
                                                        token=form.cleaned_data.get("token"))
        except InputErrors as e:
            form.add_error("given_by" if e.problems[0].column == "given_by" else None, e.problems[0].message)
        else:
            if created:
                record("outcomes.consent_given", request=request, organisation=org, obj=person, given_by=given_by,
                       language=lang)
                _flash(request, "success", _("Consent recorded."))
            else:
                _flash(request, "info", _("Consent was already recorded; it was not recorded twice."))
            return redirect("outcomes:person", slug=slug, code=code)
    part = "guardian" if person.is_child else "purpose"
    return _render(request, "outcomes/consent.html", {
        "org": org, "person": person, "form": form, "lang": lang, "dir": "rtl" if lang in RTL else "ltr",
        "purpose": bank.consent["purpose"].get(lang), "guardian": bank.consent["guardian"].get(lang) if person.is_child else "",
        "part": part, "languages": settings.QUESTIONNAIRE_LANGUAGES,
    })


@login_required
@require_http_methods(["GET", "POST"])
@_withdrawn_page
def withdraw(request, slug, code):
    org = _org(request, slug, STAFF)
    person = selectors.person_for(org, code)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        record("outcomes.consent_withdrawn", request=request, organisation=org, obj=person, choice=choice)
        services.consent_withdraw(person=person, choice=choice)
        _flash(request, "success", _("Consent withdrawn: the person's answers were deleted.") if choice == "delete"
                         else _("Consent withdrawn: the person's details were removed and their answers anonymised."))
        return redirect("outcomes:org", slug=slug)
    return _render(request, "outcomes/withdraw.html", {"org": org, "person": person, "form": form})


# ---- readings -----------------------------------------------------------------------------------------------

def _question_rows(bank, questions, lang, ui, audio, answers):
    rows = []
    for i, q in enumerate(questions, start=1):
        why_lang = q.why.lang_of(ui)
        rows.append({
            "n": i, "q": q, "text": q.text.get(lang), "text_lang": q.text.lang_of(lang),
            "why": q.why.get(ui), "why_lang": why_lang,
            "options": [{"value": o.value, "label": o.label.get(lang), "checked": str(answers.get(q.id, "")) == str(o.value)}
                        for o in q.scale.options],
            "audio": audio.get((q.id, lang)), "domain": bank.domain_label(q.domain, ui),
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
@_withdrawn_page
def reading_new(request, slug, code):
    org = _org(request, slug, STAFF)
    person = selectors.person_for(org, code)
    if person.status != Person.Status.ACTIVE:
        raise Http404
    bank = services.bank_for(org)
    conf = services.settings_for(org)
    ui = _ui()
    data = request.POST if request.method == "POST" else request.GET
    lang = data.get("switch_lang") or data.get("lang") or person.language
    if lang not in bank.languages:
        lang = person.language
    ref = parse_reference(data.get("ref", "")) if data.get("ref") else None
    profiles = list(ref.profiles) if ref else conf.profiles
    if ref:
        lang = data.get("switch_lang") or ref.lang
    audience = "child" if person.is_child else "adult"
    questions = bank.select(profiles, audience)
    answers = {q.id: request.POST.get(q.id, "") for q in questions} if request.method == "POST" else {}
    errors, status = [], 200
    token = data.get("token") or str(uuid.uuid4())
    version = data.get("version") or str(person.version)
    taken_on = data.get("taken_on") or timezone.localdate().isoformat()
    if not services.has_consent(person):
        _flash(request, "error", _("Record consent before the first reading."))
        return redirect("outcomes:consent", slug=slug, code=code)
    if request.method == "POST" and not request.POST.get("switch_lang"):
        try:
            when = date.fromisoformat(taken_on)
        except ValueError:
            when = None
            errors.append(_("The date of the reading is not a valid date."))
        if when:
            try:
                reading, created = services.submit_reading(
                    organisation=org, person=person, posted_organisation=request.POST.get("organisation", ""),
                    version=version, token=token, taken_on=when, language=lang, answers=answers, bank=bank,
                    profiles=profiles, source="paper" if ref else "screen",
                    form_reference=str(ref) if ref else "",
                )
            except services.StalePage:
                person.refresh_from_db()
                version = str(person.version)
                errors.append(_("Someone else changed this person's record after you opened the page. Your answers "
                                "are still here: check them and save again."))
                status = 409
            except InputErrors as e:
                errors.extend(p.message + (" " + p.fix if p.fix and not p.column in {q.id for q in questions} else "")
                              for p in e.problems)
                status = 400
            else:
                if created:
                    record("outcomes.reading_saved", request=request, organisation=org, obj=reading,
                           sequence=reading.sequence, source=reading.source)
                    _flash(request, "success", _("Reading saved."))
                else:
                    _flash(request, "info", _("This reading was already saved; it was not saved twice."))
                return redirect(reverse("outcomes:person", kwargs={"slug": slug, "code": code})
                                + f"#reading-{reading.sequence}")
    elif request.method == "POST":
        status = 200
    missing = {p for p in answers if request.method == "POST" and not answers[p]}
    audio = {(a.question, a.language): a for a in QuestionAudio.objects.filter(organisation=org)}
    rows = _question_rows(bank, questions, lang, ui, audio, answers)
    for r in rows:
        r["missing"] = bool(errors) and r["q"].id in missing and r["q"].required
    return _render(request, "outcomes/reading_form.html", {
        "org": org, "person": person, "rows": rows, "lang": lang, "dir": "rtl" if lang in RTL else "ltr",
        "errors": errors, "token": token, "version": version, "taken_on": taken_on,
        "ref": str(ref) if ref else "", "languages": [(c, n) for c, n in settings.QUESTIONNAIRE_LANGUAGES if c in bank.languages],
        "is_baseline": not person.readings.exists(),
        "form_ref": str(ref) if ref else form_reference(bank, lang, profiles, audience),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, slug):
    """Type a paper form back in: the form reference opens the same questions in the same order."""
    org = _org(request, slug, STAFF)
    error = ""
    if request.method == "POST":
        ref = parse_reference(request.POST.get("reference", ""))
        code = request.POST.get("person", "").strip().upper()
        person = Person.objects.filter(organisation=org, code=code).first()
        bank = services.bank_for(org)
        if ref is None:
            error = _("That form reference is not one Perthyn printed. It looks like PO1.0-EN-CEH-A, at the foot of the form.")
        elif ref.version != bank.version:
            error = _("That form was printed from another version of the questions. Print the current form.")
        elif person is None:
            error = _("No person with that code in your organisation.")
        elif (ref.audience == "child") != person.is_child:
            error = _("That form is for children and this person is an adult, or the other way round. Print the right form.")
        else:
            return redirect(reverse("outcomes:reading", kwargs={"slug": slug, "code": person.code}) + f"?ref={ref}")
    return _render(request, "outcomes/paper.html", {"org": org, "error": error, "post": request.POST}, status=400 if error else 200)


@login_required
def form_print(request, slug):
    org = _org(request, slug, STAFF)
    bank = services.bank_for(org)
    conf = services.settings_for(org)
    lang = request.GET.get("lang", "en")
    audience = request.GET.get("audience", "adult")
    if lang not in bank.languages or audience not in ("adult", "child"):
        raise Http404
    pdf = form_pdf(bank, lang, conf.profiles, audience)
    ref = form_reference(bank, lang, conf.profiles, audience)
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="{ref}.pdf"'
    return resp


@login_required
def audio(request, slug, pk):
    org = _org(request, slug, STAFF)
    clip = get_object_or_404(QuestionAudio, organisation=org, pk=pk)
    return FileResponse(clip.file.open("rb"), content_type=clip.content_type)


# ---- distance travelled, exports, returns -----------------------------------------------------------------------

def _cohort(org):
    bank = services.bank_for(org)
    answers = selectors.answers_frame(org)
    if not len(answers):
        return bank, {}
    return bank, gated_cohort(answers, bank, threshold=_threshold())


@login_required
def distance(request, slug):
    org = _org(request, slug, READERS)
    bank, gated = _cohort(org)
    ui = _ui()
    domains = gated["domains"].table if "domains" in gated else pd.DataFrame()
    questions = gated["questions"].table if "questions" in gated else pd.DataFrame()
    rows = []
    for r in _records(domains):
        r["label"] = bank.domain_label(r["domain"], ui)
        rows.append(r)
    qrows = []
    for r in _records(questions):
        r["label"] = bank.question(r["question"]).text.get(ui) if r["question"] in bank._by_id else r["question"]
        qrows.append(r)
    chart1 = charts.before_after(
        [(r["label"], None if r["suppressed"] else r["mean_baseline"], None if r["suppressed"] else r["mean_latest"])
         for r in rows],
        title=_("Mean score at first and latest reading, by domain"),
        desc=_("Average score out of 10 for people with at least two readings. Domains with fewer people than the "
               "threshold are hidden."), labels=(_("First reading"), _("Latest reading"))) if rows else ""
    chart2 = charts.shares(
        [(r["label"], None if r["suppressed"] or r["hidden_cells"] else {
            "improved": r["share_improved"], "unchanged": r["share_unchanged"], "worse": r["share_worse"]}) for r in rows],
        title=_("Share of people whose score improved, stayed the same or got worse"),
        desc=_("Share of people with at least two readings, by domain."),
        legend={"improved": _("Improved"), "unchanged": _("Unchanged"), "worse": _("Worse"), "hidden": _("Hidden: too few people")},
    ) if rows else ""
    stated = [{"label": bank.domain_label(d, ui), "value": rel.value, "source": rel.source}
              for d, rel in bank.reliability.items()]
    return _render(request, "outcomes/distance.html", {
        "org": org, "domains": rows, "questions": qrows, "chart1": chart1, "chart2": chart2,
        "threshold": _threshold(), "bank": bank, "stated_reliability": stated,
    })


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows for a template: missing values (hidden by the gate) as None, so templates can say "hidden"."""
    out = []
    for r in table.to_dict("records"):
        out.append({k: (None if not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v) else v)
                    for k, v in r.items()})
    return out


def _export_frames(org):
    bank, gated = _cohort(org)
    frames = {}
    if "domains" in gated:
        frames["domains"] = gated["domains"].table
    if "questions" in gated:
        frames["questions"] = gated["questions"].table
    return frames


@login_required
def export(request, slug, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    org = _org(request, slug, READERS)
    frames = _export_frames(org)
    record("outcomes.exported", request=request, organisation=org, format=fmt)
    name = f"perthyn-outcomes-{org.slug}-{timezone.localdate()}"
    if fmt == "csv":
        combined = pd.concat([f.assign(table=k) for k, f in frames.items()], ignore_index=True) if frames else pd.DataFrame()
        resp = HttpResponse("\ufeff" + combined.to_csv(index=False), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return resp
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for k, f in (frames or {"empty": pd.DataFrame()}).items():
            f.to_excel(xl, sheet_name=k, index=False)
    resp = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return resp


@login_required
def xlsform(request, slug):
    org = _org(request, slug, READERS)
    bank = services.bank_for(org)
    conf = services.settings_for(org)
    langs = [l for l in request.GET.get("lang", ",".join(bank.languages)).split(",") if l in bank.languages] or ["en"]
    audio = {(a.question, a.language): a.file.name.rsplit("/", 1)[-1] for a in QuestionAudio.objects.filter(organisation=org)}
    data = xlsform_export(bank, langs, profiles=conf.profiles, audio=audio, age_limit=conf.child_age_limit)
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="perthyn-outcomes-{bank.version}.xlsx"'
    return resp


def _make_return(org, start, end) -> Return:
    bank = services.bank_for(org)
    return build_return(selectors.answers_frame(org) if Person.objects.filter(organisation=org).exists()
                        else pd.DataFrame(columns=["person", "reading", "taken_on", "question", "value"]),
                        bank, organisation=org.name, period_start=start, period_end=end, threshold=_threshold())


@login_required
@require_http_methods(["GET", "POST"])
def returns(request, slug):
    org = _org(request, slug, READERS)
    roles = _roles(request, org)
    conf = services.settings_for(org)
    form = forms.ReturnForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        ret = _make_return(org, start, end)
        if request.method == "POST":
            if "admin" not in roles:
                raise PermissionDenied
            if conf.network is None:
                _flash(request, "error", _("Choose a network or funder in the settings first."))
            else:
                import json

                sent, outcome = services.return_send(
                    organisation=org, network=conf.network, period_start=start, period_end=end,
                    payload=json.loads(ret.to_json()), token=request.POST.get("token"))
                if outcome == "repeat":
                    _flash(request, "info", _("This return was already sent; it was not sent twice."))
                else:
                    record("outcomes.return_sent", request=request, organisation=org, obj=sent,
                           network=conf.network.slug, replaced=outcome == "replaced")
                    _flash(request, "success", (
                        _("Return sent to %(network)s. It replaces the one sent earlier for the same period.")
                        if outcome == "replaced" else _("Return sent to %(network)s.")) % {"network": conf.network.name})
                return redirect("outcomes:returns", slug=slug)
        fmt = request.GET.get("format")
        if fmt in ("csv", "json"):
            record("outcomes.return_downloaded", request=request, organisation=org, format=fmt)
            body = ret.to_csv() if fmt == "csv" else ret.to_json()
            resp = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json")
            resp["Content-Disposition"] = f'attachment; filename="return-{org.slug}-{start}-{end}.{fmt}"'
            return resp
        preview = ret
    sent = SentReturn.objects.filter(organisation=org)
    return _render(request, "outcomes/returns.html", {
        "org": org, "form": form, "preview": _records(preview.rows) if preview is not None else None,
        "meta": preview.metadata if preview is not None else None, "sent": sent, "conf": conf, "roles": roles,
        "query": request.GET.urlencode() if form.is_bound else "", "token": uuid.uuid4(),
    })


def _stored_return(sent: SentReturn) -> Return:
    """A return kept in the database, read back through the same checks as a file."""
    import json

    return read_return(f"return-{sent.pk}.json", text=json.dumps(sent.payload))


@login_required
def network(request, slug):
    """A network or funder sees only the aggregate returns sent to it, and their combination."""
    net = _org(request, slug, ("funder",))
    received = SentReturn.objects.filter(network=net).select_related("organisation")
    combined = None
    latest = {}
    for r in received:  # the latest return from each organisation
        latest.setdefault(r.organisation_id, r)
    if latest:
        try:
            rets = [_stored_return(r) for r in latest.values()]
            combined = combine(rets, threshold=_threshold())
        except InputErrors as e:
            _flash(request, "error", str(e))
    fmt = request.GET.get("format")
    if combined is not None and fmt in ("csv", "json"):
        body = combined.to_csv() if fmt == "csv" else combined.to_json()
        resp = HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json")
        resp["Content-Disposition"] = f'attachment; filename="combined-{net.slug}.{fmt}"'
        return resp
    return _render(request, "outcomes/network.html", {
        "net": net, "received": received,
        "combined": _records(combined.rows) if combined is not None else None,
        "combined_meta": combined.metadata if combined is not None else None,
    })


@login_required
def network_return(request, slug, pk, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    net = _org(request, slug, ("funder",))
    sent = get_object_or_404(SentReturn, network=net, pk=pk)
    ret = _stored_return(sent)
    body = ret.to_csv() if fmt == "csv" else ret.to_json()
    return HttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json")


# ---- administration: question bank and settings ---------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def org_settings(request, slug):
    org = _org(request, slug, ADMIN)
    conf = services.settings_for(org)
    networks = Organisation.objects.filter(kind=Organisation.Kind.NETWORK).exclude(pk=org.pk)
    form = forms.SettingsForm(request.POST or None, lang=_ui(), networks=networks, bank=services.base_bank_for(org), initial={
        "profiles": conf.profiles, "follow_up_months": ", ".join(map(str, conf.intervals())),
        "child_age_limit": conf.child_age_limit, "network": str(conf.network_id or ""),
    })
    if request.method == "POST" and form.is_valid():
        conf.profiles = form.cleaned_data["profiles"]
        conf.follow_up_months = form.cleaned_data["follow_up_months"]
        conf.child_age_limit = form.cleaned_data["child_age_limit"]
        net = form.cleaned_data["network"]
        conf.network = networks.filter(pk=net).first() if net else None
        conf.save()
        record("outcomes.settings_changed", request=request, organisation=org, obj=conf)
        _flash(request, "success", _("Settings saved."))
        return redirect("outcomes:settings", slug=slug)
    return _render(request, "outcomes/settings.html", {"org": org, "form": form})


@login_required
def bank_list(request, slug):
    org = _org(request, slug, ADMIN)
    bank = services.bank_for(org)
    base = services.base_bank_for(org)
    ui = _ui()
    hidden = set(QuestionText.objects.filter(organisation=org, hidden=True).values_list("question", flat=True))
    rows = [{"q": q, "text": q.text.get(ui), "domain": bank.domain_label(q.domain, ui), "hidden": q.id in hidden,
             "profiles": ", ".join(Text.of(base.profiles.get(p)).get(ui) or p for p in q.profiles)}
            for q in base.questions]
    return _render(request, "outcomes/bank.html", {"org": org, "rows": rows, "bank": bank,
                                                   "languages": settings.QUESTIONNAIRE_LANGUAGES,
                                                   "own": OrganisationBank.objects.filter(organisation=org).first()})


@login_required
@require_http_methods(["GET", "POST"])
def bank_upload(request, slug):
    """An administrator replaces the question bank with their own YAML or XLSForm; checked in full, or nothing saved."""
    org = _org(request, slug, ADMIN)
    form = forms.BankUploadForm(request.POST or None, request.FILES or None)
    problems, status = [], 200
    if request.method == "POST" and request.POST.get("action") == "reset":
        services.bank_reset(organisation=org)
        record("outcomes.bank_reset", request=request, organisation=org)
        _flash(request, "success", _("Your organisation now uses the bundled question bank again."))
        return redirect("outcomes:bank", slug=slug)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            own = services.bank_upload(organisation=org, filename=f.name, content=f.read(), user=request.user)
        except InputErrors as e:
            problems = [str(p) for p in e.problems]
            status = 400
        else:
            record("outcomes.bank_uploaded", request=request, organisation=org, obj=own, kind=own.kind,
                   bank_version=own.bank_version)
            _flash(request, "success", _("Question bank %(name)s (version %(version)s) uploaded and in use.")
                   % {"name": own.source_name, "version": own.bank_version})
            return redirect("outcomes:bank", slug=slug)
    elif request.method == "POST":
        status = 400
    return _render(request, "outcomes/bank_upload.html", {
        "org": org, "form": form, "problems": problems,
        "own": OrganisationBank.objects.filter(organisation=org).first(),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def bank_question(request, slug, qid):
    org = _org(request, slug, ADMIN)
    base = services.base_bank_for(org)
    if qid not in base._by_id:
        raise Http404
    q = base.question(qid)
    lang = request.POST.get("language") or request.GET.get("lang") or "en"
    current = QuestionText.objects.filter(organisation=org, question=qid, language=lang).first()
    text_form = forms.QuestionTextForm(
        request.POST if request.POST.get("action") == "text" else None,
        initial={"language": lang, "text": (current.text if current and current.text else q.text.values.get(lang, "")),
                 "why": (current.why if current and current.why else q.why.values.get(lang, "")),
                 "hidden": QuestionText.objects.filter(organisation=org, question=qid, hidden=True).exists()})
    audio_form = forms.AudioForm(request.POST if request.POST.get("action") == "audio" else None,
                                 request.FILES or None, initial={"language": lang})
    if request.method == "POST" and request.POST.get("action") == "text" and text_form.is_valid():
        d = text_form.cleaned_data
        QuestionText.objects.update_or_create(
            organisation=org, question=qid, language=d["language"],
            defaults={"text": d["text"] if d["text"] != q.text.values.get(d["language"], "") else "",
                      "why": d["why"] if d["why"] != q.why.values.get(d["language"], "") else ""})
        QuestionText.objects.filter(organisation=org, question=qid).update(hidden=d["hidden"])
        if d["hidden"] and not QuestionText.objects.filter(organisation=org, question=qid).exists():
            QuestionText.objects.create(organisation=org, question=qid, language=d["language"], hidden=True)
        record("outcomes.question_edited", request=request, organisation=org, question=qid, language=d["language"])
        _flash(request, "success", _("Question saved."))
        return redirect(reverse("outcomes:bank_question", kwargs={"slug": slug, "qid": qid}) + f"?lang={d['language']}")
    if request.method == "POST" and request.POST.get("action") == "audio" and audio_form.is_valid():
        d = audio_form.cleaned_data
        QuestionAudio.objects.filter(organisation=org, question=qid, language=d["language"]).delete()
        clip = QuestionAudio(organisation=org, question=qid, language=d["language"],
                             content_type=d["file"].content_type.split(";")[0])
        clip.file.save(d["file"].name, d["file"], save=True)
        record("outcomes.audio_uploaded", request=request, organisation=org, question=qid, language=d["language"])
        _flash(request, "success", _("Recording uploaded."))
        return redirect(reverse("outcomes:bank_question", kwargs={"slug": slug, "qid": qid}) + f"?lang={d['language']}")
    clips = QuestionAudio.objects.filter(organisation=org, question=qid)
    return _render(request, "outcomes/bank_question.html", {
        "org": org, "q": q, "text_form": text_form, "audio_form": audio_form, "clips": clips, "lang": lang,
        "lang_names": LANG_NAMES, "question_text": q.text.get(_ui()),
    }, status=400 if request.method == "POST" else 200)
