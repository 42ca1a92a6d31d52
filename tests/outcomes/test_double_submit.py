"""Double submissions: two clicks on any form that saves something save it once, and the second click is told so."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from outcomes_helpers import add_reading, make_person

from perthyn.web.outcomes import services
from perthyn.web.outcomes.models import Consent, Person, Reading, SentReturn

pytestmark = pytest.mark.django_db


def url(name, **kw):
    return reverse(f"outcomes:{name}", kwargs={"slug": "org-a", **kw})


@pytest.fixture
def cw(orgs):
    c = Client()
    c.force_login(orgs["a"]["users"]["caseworker"])
    return c


@pytest.fixture
def admin(orgs):
    c = Client()
    c.force_login(orgs["a"]["users"]["admin"])
    return c


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_two_reading_clicks_at_once_answer_already_saved(orgs, cw, monkeypatch):
    """Both requests pass the token check before the lock; the second must find the first's reading under the lock."""
    org = orgs["a"]["org"]
    person = make_person(org)
    html = cw.get(url("reading", code=person.code)).content.decode()
    post = {k: hidden(html, k) for k in ("token", "version", "organisation")}
    qs = services.bank_for(org).select(services.settings_for(org).profiles, "adult")
    post.update({q.id: "1" for q in qs}, lang="en", taken_on=date.today().isoformat(), save="1")
    first = cw.post(url("reading", code=person.code), post)
    assert first.status_code == 302
    # the second click's check before the lock ran while the first was still saving: it saw nothing
    real, calls = services._made_with_token, []

    def blind_first_look(objects, token, *args, **kwargs):
        calls.append(token)
        return None if len(calls) == 1 else real(objects, token, *args, **kwargs)

    monkeypatch.setattr(services, "_made_with_token", blind_first_look)
    second = cw.post(url("reading", code=person.code), post)
    assert second.status_code == 302, second.content.decode()[:500]  # not 409 "someone else changed"
    reading = Reading.objects.get(person=person)
    assert second["Location"].endswith(f"/people/{person.code}/#reading-{reading.sequence}")
    page = cw.get(second["Location"]).content.decode()
    assert "already saved" in page and f'id="reading-{reading.sequence}"' in page
    assert Reading.objects.filter(person=person).count() == 1
    assert len(calls) == 2  # the look before the lock saw nothing; the look under the lock found the reading


def test_add_person_twice_without_a_reference_adds_one(orgs, cw):
    org = orgs["a"]["org"]
    token = hidden(cw.get(url("person_new")).content.decode(), "token")
    post = {"language": "en", "age": "30", "token": token}
    r1 = cw.post(url("person_new"), post)
    r2 = cw.post(url("person_new"), post)
    assert Person.objects.filter(organisation=org).count() == 1
    person = Person.objects.get(organisation=org)
    assert r1["Location"] == r2["Location"] == url("consent", code=person.code)
    assert "not added twice" in cw.get(r2["Location"]).content.decode()
    # a fresh form (a new token) adds a second person, as it should
    cw.post(url("person_new"), {"language": "en", "age": "30",
                                "token": hidden(cw.get(url("person_new")).content.decode(), "token")})
    assert Person.objects.filter(organisation=org).count() == 2


def test_token_of_another_organisation_is_refused(orgs, cw):
    other = make_person(orgs["b"]["org"])
    other.token = uuid.uuid4()
    other.save()
    r = cw.post(url("person_new"), {"language": "en", "age": "30", "token": str(other.token)})
    assert r.status_code == 200 and "another organisation" in r.content.decode()
    assert not Person.objects.filter(organisation=orgs["a"]["org"]).exists()


def test_consent_twice_records_one(orgs, cw):
    person = make_person(orgs["a"]["org"], consent=False)
    token = hidden(cw.get(url("consent", code=person.code)).content.decode(), "token")
    post = {"given_by": "self", "agreed": "on", "token": token}
    assert cw.post(url("consent", code=person.code), post).status_code == 302
    r2 = cw.post(url("consent", code=person.code), post, follow=True)
    assert Consent.objects.filter(person=person).count() == 1
    assert "not recorded twice" in r2.content.decode()


def test_sending_a_return_twice_sends_one(orgs, admin):
    org = orgs["a"]["org"]
    conf = services.settings_for(org)
    conf.network = orgs["net"]
    conf.save()
    p = make_person(org)
    add_reading(org, p, {"feel_safe": 1}, date.today() - timedelta(days=30))
    period = {"period_start": "2025-01-01", "period_end": date.today().isoformat()}
    html = admin.get(url("returns"), period).content.decode()
    token = hidden(html, "token")
    assert admin.post(url("returns"), {**period, "token": token}).status_code == 302
    again = admin.post(url("returns"), {**period, "token": token}, follow=True)
    assert SentReturn.objects.filter(organisation=org).count() == 1
    assert "not sent twice" in again.content.decode()
    # sending the same period again from a fresh page replaces the return rather than adding another
    token2 = hidden(admin.get(url("returns"), period).content.decode(), "token")
    assert token2 != token
    replaced = admin.post(url("returns"), {**period, "token": token2}, follow=True)
    assert SentReturn.objects.filter(organisation=org).count() == 1
    assert "replaces the one sent earlier" in replaced.content.decode()
    # and the database itself refuses a second return for the same organisation, network and period
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReturn.objects.create(organisation=org, network=orgs["net"], period_start=date(2025, 1, 1),
                                  period_end=date.today(), payload={})
