"""People, consent, readings and their bad inputs through the real views: all-or-nothing, nothing twice, nothing lost."""

from __future__ import annotations

import html as html_mod
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from outcomes_helpers import add_reading, make_person

from perthyn.outcomes import load
from perthyn.web.core.models import AuditEvent
from perthyn.web.outcomes import services
from perthyn.web.outcomes.models import Answer, ContactDetails, Person, Reading

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(orgs):
    c = Client()
    c.force_login(orgs["a"]["users"]["caseworker"])
    return c


def url(name, **kw):
    return reverse(f"outcomes:{name}", kwargs={"slug": "org-a", **kw})


def form_state(html: str) -> dict:
    return {k: re.search(rf'name="{k}" value="([^"]*)"', html).group(1) for k in ("token", "version", "organisation")}


def full_answers(org, person):
    qs = services.bank_for(org).select(services.settings_for(org).profiles, "child" if person.is_child else "adult")
    return {q.id: str(q.scale.max) for q in qs}


def test_person_consent_and_reading(orgs, cw):
    org = orgs["a"]["org"]
    r = cw.post(url("person_new"), {"language": "cy", "age": "34", "reference": "CASE-42", "name": "Dewi Prawf", "phone": "029 2000 0000"})
    person = Person.objects.get(organisation=org)
    assert r.status_code == 302 and r["Location"].endswith(f"/people/{person.code}/consent/")
    assert person.reference_hash and "CASE-42" not in person.reference_hash and len(person.reference_hash) == 64
    assert ContactDetails.objects.get(person=person).name == "Dewi Prawf"
    # the same reference again is refused (it is the same person)
    again = cw.post(url("person_new"), {"language": "en", "age": "34", "reference": " case-42 "})
    assert again.status_code == 200 and "already registered" in again.content.decode()
    # before consent the reading form sends the caseworker to consent
    assert cw.get(url("reading", code=person.code))["Location"].endswith("/consent/")
    page = html_mod.unescape(cw.get(url("consent", code=person.code)).content.decode())
    assert load().consent["purpose"].cy in page and 'lang="cy"' in page
    cw.post(url("consent", code=person.code), {"given_by": "self", "agreed": "on"})
    html = cw.get(url("reading", code=person.code)).content.decode()
    state = form_state(html)
    answers = full_answers(org, person)
    r = cw.post(url("reading", code=person.code), {**state, "lang": "cy", "taken_on": date.today().isoformat(), **answers})
    assert r.status_code == 302
    reading = Reading.objects.get(person=person)
    assert reading.answers.count() == len(answers) and reading.language == "cy"
    assert AuditEvent.objects.filter(action="outcomes.reading_saved", organisation=org).count() == 1
    # double click: the same token again saves nothing new
    r2 = cw.post(url("reading", code=person.code), {**state, "lang": "cy", "taken_on": date.today().isoformat(), **answers},
                 follow=True)
    assert Reading.objects.filter(person=person).count() == 1
    assert "not saved twice" in r2.content.decode()


def test_bad_readings_save_nothing_and_keep_answers(orgs, cw):
    org = orgs["a"]["org"]
    person = make_person(org, language="en")
    state = form_state(cw.get(url("reading", code=person.code)).content.decode())
    answers = full_answers(org, person)
    first_q = next(iter(answers))
    post = {**state, "lang": "en", "taken_on": date.today().isoformat()}

    missing = dict(answers)
    missing.pop(first_q)
    r = cw.post(url("reading", code=person.code), {**post, **missing})
    body = r.content.decode()
    assert r.status_code == 400 and "Nothing was saved" in body and "no answer to" in body
    second = list(answers)[1]
    assert re.search(rf'name="{second}" value="{answers[second]}" checked', body)  # nothing lost

    out = dict(answers, **{first_q: "9"})
    r = cw.post(url("reading", code=person.code), {**post, **out})
    assert r.status_code == 400 and "outside the answers" in r.content.decode()

    forged = cw.post(url("reading", code=person.code), {**post, **answers, "organisation": orgs["b"]["org"].pk})
    assert forged.status_code == 400 and "different organisation" in forged.content.decode()

    future = cw.post(url("reading", code=person.code), {**post, **answers, "taken_on": (date.today() + timedelta(days=3)).isoformat()})
    assert future.status_code == 400 and "future" in future.content.decode()
    assert Reading.objects.count() == 0 and Answer.objects.count() == 0

    # stale page: someone else saves a reading after this page was opened
    other = form_state(cw.get(url("reading", code=person.code)).content.decode())
    assert cw.post(url("reading", code=person.code), {**post, **other, **answers}).status_code == 302
    stale = cw.post(url("reading", code=person.code), {**post, **answers})
    body = stale.content.decode()
    assert stale.status_code == 409 and "changed this person" in body
    assert Reading.objects.count() == 1
    assert re.search(rf'name="{first_q}" value="{answers[first_q]}" checked', body)
    # saving again from the refreshed page works
    assert cw.post(url("reading", code=person.code), {**post, **form_state(body), **answers}).status_code == 302
    assert Reading.objects.count() == 2


def test_language_switch_keeps_answers_and_sets_rtl(orgs, cw):
    org = orgs["a"]["org"]
    person = make_person(org, language="cy")
    state = form_state(cw.get(url("reading", code=person.code)).content.decode())
    q = load().question("feel_safe")
    r = cw.post(url("reading", code=person.code), {**state, "lang": "cy", "switch_lang": "ar", "feel_safe": "2",
                                                    "taken_on": date.today().isoformat()})
    body = r.content.decode()
    assert r.status_code == 200 and Reading.objects.count() == 0
    assert 'class="questions" lang="ar" dir="rtl"' in body
    assert q.text.get("ar") in html_mod.unescape(body) and 'name="feel_safe" value="2" checked' in body
    assert 'lang="en" dir="ltr"' in body or 'dir="ltr"' in body  # interface chrome stays left-to-right


def test_children_need_a_guardian_and_get_child_questions(orgs, cw):
    org = orgs["a"]["org"]
    cw.post(url("person_new"), {"language": "uk", "age": "9"})
    child = Person.objects.get(organisation=org)
    assert child.is_child
    r = cw.post(url("consent", code=child.code), {"given_by": "self", "agreed": "on"})
    assert "guardian" in r.content.decode() and not services.has_consent(child)
    cw.post(url("consent", code=child.code), {"given_by": "guardian", "agreed": "on"})
    assert services.has_consent(child) and child.consents.get().language == "uk"
    html = cw.get(url("reading", code=child.code)).content.decode()
    html = html_mod.unescape(html)
    assert load().question("child_school").text.get("uk") in html
    assert load().question("work_paid").text.get("uk") not in html


def test_age_limit_decides_child_consent_and_questions(orgs, cw):
    """With the organisation's limit set to 14: 13 is a child (guardian consent, children's questions), 14 and 15 adults."""
    org = orgs["a"]["org"]
    conf = services.settings_for(org)
    conf.child_age_limit = 14
    conf.save()
    form = html_mod.unescape(cw.get(url("person_new")).content.decode())
    assert "People under 14 answer the children's questions" in form and 'name="is_child"' not in form
    made = {}
    for age in ("13", "14", "15"):
        r = cw.post(url("person_new"), {"language": "en", "age": age})
        made[age] = Person.objects.get(code=r["Location"].rstrip("/").split("/")[-2])
    assert (made["13"].is_child, made["14"].is_child, made["15"].is_child) == (True, False, False)
    # only the group is kept: no age or date of birth anywhere on the person
    assert not {f.name for f in Person._meta.get_fields()} & {"age", "date_of_birth", "birth_year", "dob"}
    child, adult = made["13"], made["15"]
    # the child's own agreement is not enough, through the view or the service
    r = cw.post(url("consent", code=child.code), {"given_by": "self", "agreed": "on"})
    assert r.status_code == 200 and "guardian" in r.content.decode() and not child.consents.exists()
    from perthyn.errors import InputErrors

    with pytest.raises(InputErrors, match="guardian"):
        services.consent_record(person=child, language="en", given_by="self", bank=services.bank_for(org))
    assert cw.get(url("reading", code=child.code))["Location"].endswith("/consent/")  # no reading without it
    page = html_mod.unescape(cw.get(url("consent", code=child.code)).content.decode())
    assert load().consent["guardian"].en in page
    cw.post(url("consent", code=child.code), {"given_by": "guardian", "agreed": "on"})
    assert services.has_consent(child)
    child_form = html_mod.unescape(cw.get(url("reading", code=child.code)).content.decode())
    assert load().question("child_school").text.en in child_form and load().question("feel_safe").text.en not in child_form
    # a 15-year-old is an adult here (16 is the default limit): own consent, adult questions
    cw.post(url("consent", code=adult.code), {"given_by": "self", "agreed": "on"})
    assert services.has_consent(adult)
    adult_form = html_mod.unescape(cw.get(url("reading", code=adult.code)).content.decode())
    assert load().question("feel_safe").text.en in adult_form and load().question("child_school").text.en not in adult_form


def test_withdrawal_anonymises_or_deletes(orgs, cw):
    org = orgs["a"]["org"]
    keep = make_person(org, name="Olena Test", reference="R-1")
    gone = make_person(org, name="Pawel Test")
    add_reading(org, keep, {"feel_safe": 1}, date.today())
    add_reading(org, gone, {"feel_safe": 1}, date.today())
    old = keep.code
    cw.post(url("withdraw", code=keep.code), {"choice": "anonymise"})
    keep.refresh_from_db()
    assert keep.status == "anonymised" and keep.code != old and keep.reference_hash == ""
    assert not ContactDetails.objects.filter(person=keep).exists() and keep.readings.count() == 1
    cw.post(url("withdraw", code=gone.code), {"choice": "delete"})
    assert not Person.objects.filter(pk=gone.pk).exists() and Reading.objects.count() == 1
    assert AuditEvent.objects.filter(action="outcomes.consent_withdrawn").count() == 2
    assert not AuditEvent.objects.filter(detail__icontains="Pawel").exists()


def test_follow_ups_due_and_paper_entry(orgs, cw):
    org = orgs["a"]["org"]
    p = make_person(org)
    add_reading(org, p, full_answers(org, p), date.today() - timedelta(days=95))
    home = cw.get(url("org")).content.decode()
    assert p.code in home.split("Follow-ups due")[1].split("Everyone")[0] and "overdue" in home
    from perthyn.outcomes.paper import form_reference

    conf = services.settings_for(org)
    ref = form_reference(load(), "pl", conf.profiles)
    bad = cw.post(url("paper"), {"reference": "XYZ", "person": p.code})
    assert bad.status_code == 400
    child_form = cw.post(url("paper"), {"reference": form_reference(load(), "pl", conf.profiles, "child"), "person": p.code})
    assert child_form.status_code == 400 and "for children" in child_form.content.decode()
    r = cw.post(url("paper"), {"reference": ref.lower(), "person": p.code.lower()})
    assert r.status_code == 302 and "ref=" in r["Location"]
    html = cw.get(r["Location"]).content.decode()
    assert 'lang="pl"' in html and ref in html
    state = form_state(html)
    cw.post(r["Location"], {**state, "ref": ref, "lang": "pl", "taken_on": date.today().isoformat(), **full_answers(org, p)})
    latest = p.readings.order_by("-sequence").first()
    assert latest.source == "paper" and latest.form_reference == ref and latest.sequence == 1
    pdf = cw.get(url("form_pdf") + "?lang=ar")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_admin_edits_questions_and_uploads_audio(orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = orgs["a"]["org"]
    admin = Client()
    admin.force_login(orgs["a"]["users"]["admin"])
    r = admin.post(url("bank_question", qid="feel_safe"), {"action": "text", "language": "cy",
                                                           "text": "Ydych chi'n teimlo'n ddiogel gartref?", "why": ""})
    assert r.status_code == 302
    assert services.bank_for(org).question("feel_safe").text.get("cy") == "Ydych chi'n teimlo'n ddiogel gartref?"
    clip = SimpleUploadedFile("q.mp3", b"ID3fake-mp3-bytes", content_type="audio/mpeg")
    r = admin.post(url("bank_question", qid="feel_safe"), {"action": "audio", "language": "ar", "file": clip})
    assert r.status_code == 302
    notaudio = SimpleUploadedFile("q.exe", b"MZ", content_type="application/octet-stream")
    r = admin.post(url("bank_question", qid="feel_safe"), {"action": "audio", "language": "ar", "file": notaudio})
    assert r.status_code == 400
    person = make_person(org, language="ar")
    html = admin.get(url("reading", code=person.code)).content.decode()
    src = re.search(r'<audio controls preload="none" src="([^"]+)"', html).group(1)
    assert b"".join(admin.get(src).streaming_content) == b"ID3fake-mp3-bytes"
    admin.post(url("bank_question", qid="mixing"), {"action": "text", "language": "en", "text": "", "why": "", "hidden": "on"})
    assert "mixing" not in {q.id for q in services.bank_for(org).questions}


def test_interface_in_welsh(orgs, cw, settings):
    org = orgs["a"]["org"]
    p = make_person(org, language="ar")
    cw.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    home = cw.get(url("org")).content.decode()
    assert "Dilyniant sy'n ddyledus" in html_mod.unescape(home) and '<html lang="cy"' in home
    form = html_mod.unescape(cw.get(url("reading", code=p.code)).content.decode())
    # chrome in Welsh, questions in the person's language, "why we ask this" in Welsh beside each question
    assert "Cadw'r darlleniad" in form and load().question("feel_safe").text.get("ar") in form
    assert load().question("feel_safe").why.cy in form


def test_distance_page_hides_small_counts_within_a_shown_row(orgs):
    org = orgs["a"]["org"]
    start = date.today() - timedelta(days=120)
    for i in range(12):
        p = make_person(org)
        before, after = (1, 2) if i == 0 else (3, 3)
        add_reading(org, p, {"feel_safe": before}, start)
        add_reading(org, p, {"feel_safe": after}, date.today())
    viewer = Client()
    viewer.force_login(orgs["a"]["users"]["viewer"])
    body = viewer.get(url("distance")).content.decode()
    row = body.split(load().question("feel_safe").text.en)[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
    # n, rate at baseline, rate latest, gains, losses, p: 12 shown; 11/12 at baseline, 1 gain and p hidden
    assert cells[0] == "12" and "hidden: too few people" in cells[1] and "hidden: too few people" in cells[3]
    assert "hidden: too few people" in cells[5] and cells[2] == "1.00" and cells[4] == "0"


def test_missing_and_out_of_range_messages_are_in_welsh(orgs, cw, settings):
    org = orgs["a"]["org"]
    person = make_person(org, language="ar")
    cw.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    state = form_state(cw.get(url("reading", code=person.code)).content.decode())
    answers = full_answers(org, person)
    first_q = next(iter(answers))
    post = {**state, "lang": "ar", "taken_on": date.today().isoformat(), "save": "1"}
    missing = {k: v for k, v in answers.items() if k != first_q}
    body = html_mod.unescape(cw.post(url("reading", code=person.code), {**post, **missing}).content.decode())
    cy_text = load().question(first_q).text.cy
    assert f"dim ateb i '{cy_text}'" in body and "no answer to" not in body
    body = html_mod.unescape(cw.post(url("reading", code=person.code), {**post, **answers, first_q: "9"}).content.decode())
    assert f"mae 9 y tu allan i'r atebion ar gyfer '{cy_text}'" in body and "outside the answers" not in body
    assert Reading.objects.count() == 0


def test_scoring_messages_marked_for_translation_match_the_core():
    from perthyn.outcomes.scoring import MESSAGES
    from perthyn.web.outcomes.services import SCORING_MESSAGES

    from django.utils import translation

    with translation.override("en"):
        assert {k: str(v) for k, v in SCORING_MESSAGES.items()} == MESSAGES


def test_withdrawn_persons_old_address_says_so_with_404_and_no_data(orgs, cw):
    org = orgs["a"]["org"]
    kept = make_person(org, name="Hanna Gone", phone="07700900123", reference="REF-9")
    gone = make_person(org, name="Omar Gone")
    add_reading(org, kept, {"feel_safe": 1}, date.today())
    old_kept, old_gone = kept.code, gone.code
    cw.post(url("withdraw", code=old_kept), {"choice": "anonymise"})
    cw.post(url("withdraw", code=old_gone), {"choice": "delete"})
    kept.refresh_from_db()
    for code, word in ((old_kept, "anonymised"), (old_gone, "deleted")):
        for name in ("person", "reading", "consent", "withdraw"):
            r = cw.get(url(name, code=code))
            body = html_mod.unescape(r.content.decode())
            assert r.status_code == 404 and "This person withdrew consent" in body and word in body
            for secret in ("Hanna", "Omar", "07700900123", "REF-9", kept.code):
                assert secret not in body
    # a code that never existed is a plain 404; another organisation still gets 403 at the old address
    never = cw.get(url("person", code="P-NEVER1"))
    assert never.status_code == 404 and "withdrew consent" not in never.content.decode()
    other = Client()
    other.force_login(orgs["b"]["users"]["caseworker"])
    r = other.get(url("person", code=old_kept))
    assert r.status_code == 403 and b"withdrew" not in r.content
    from perthyn.web.outcomes.models import WithdrawnCode

    assert not WithdrawnCode.objects.filter(code_hash__in=[old_kept, old_gone]).exists()  # only keyed hashes kept


def test_follow_up_dated_before_the_baseline_is_refused(orgs, cw):
    org = orgs["a"]["org"]
    person = make_person(org)
    add_reading(org, person, full_answers(org, person), date.today() - timedelta(days=30))
    state = form_state(cw.get(url("reading", code=person.code)).content.decode())
    early = (date.today() - timedelta(days=60)).isoformat()
    r = cw.post(url("reading", code=person.code), {**state, "lang": "en", "taken_on": early, "save": "1",
                                                    **full_answers(org, person)})
    body = html_mod.unescape(r.content.decode())
    assert r.status_code == 400 and "before the baseline reading" in body and "a follow-up is taken after" in body
    assert person.readings.count() == 1
    assert re.search(r'name="taken_on" value="%s"' % early, body)  # what was typed is kept to correct
