"""Organisations never see each other's data: every URL of the app, as every role of a second organisation."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from outcomes_helpers import ROLES, add_reading, make_person

from perthyn.web.outcomes import urls as outcome_urls
from perthyn.web.outcomes.models import QuestionAudio, SentReturn

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_objects(orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = orgs["a"]["org"]
    person = make_person(org, code="P-SECRET1", name="Amira Secret", phone="07700900001")
    add_reading(org, person, {"feel_safe": 1}, date.today() - timedelta(days=100))
    clip = QuestionAudio(organisation=org, question="feel_safe", language="ar", content_type="audio/mpeg")
    clip.file.save("a.mp3", SimpleUploadedFile("a.mp3", b"ID3secret-audio"), save=True)
    sent = SentReturn.objects.create(organisation=org, network=orgs["net"], period_start=date(2025, 1, 1),
                                     period_end=date(2025, 12, 31), payload={"metadata": {"organisation": "Org A"}, "rows": []})
    return {"slug": org.slug, "code": person.code, "audio": clip.pk, "sent": sent.pk, "net": orgs["net"].slug}


def _urls(objs, own_slug):
    """Every pattern filled with the first organisation's objects, through its slug and through one's own."""
    for p in outcome_urls.urlpatterns:
        assert isinstance(p, URLPattern)
        keys = set(p.pattern.converters)
        if not keys:
            continue  # the index page lists only one's own organisations
        values = {"code": [objs["code"]], "pk": [objs["audio"] if "audio" in p.name else objs["sent"]],
                  "qid": ["feel_safe"], "fmt": ["csv", "json", "xlsx"]}
        slugs = [objs["net"]] if p.name.startswith("network") else [objs["slug"], own_slug]
        for slug in slugs:
            options = [values[k] for k in sorted(keys - {"slug"})]
            for combo in itertools.product(*options):
                kwargs = dict(zip(sorted(keys - {"slug"}), combo), slug=slug)
                yield p.name, reverse(f"outcomes:{p.name}", kwargs=kwargs)


def test_second_organisation_reaches_nothing_of_the_first(orgs, a_objects):
    b = orgs["b"]
    checked = 0
    for role in ROLES:
        client = Client()
        client.force_login(b["users"][role])
        for name, url in _urls(a_objects, b["org"].slug):
            if name in {"org", "distance", "returns", "settings", "bank", "paper", "form_pdf", "xlsform", "person_new",
                        "export", "bank_question"} and f"/o/{b['org'].slug}/" in url:
                continue  # one's own organisation's pages hold no object of the first
            for method in ("get", "post"):
                resp = getattr(client, method)(url, {"organisation": orgs["a"]["org"].pk, "choice": "delete"})
                assert resp.status_code in (403, 404), (role, method, url, resp.status_code)
                body = resp.content
                # the error page may repeat the typed address, but never the first organisation's data
                assert b"Amira" not in body and b"07700900001" not in body and b"secret-audio" not in body
                checked += 1
    assert checked > 150
    from perthyn.web.outcomes.models import Person

    assert Person.objects.filter(code="P-SECRET1").exists()  # nothing was deleted by the attempts


def test_own_roles_are_respected(orgs, a_objects):
    a = orgs["a"]
    viewer = Client()
    viewer.force_login(a["users"]["viewer"])
    assert viewer.get(reverse("outcomes:distance", kwargs={"slug": "org-a"})).status_code == 200
    assert viewer.get(reverse("outcomes:person", kwargs={"slug": "org-a", "code": "P-SECRET1"})).status_code == 403
    caseworker = Client()
    caseworker.force_login(a["users"]["caseworker"])
    assert caseworker.get(reverse("outcomes:bank", kwargs={"slug": "org-a"})).status_code == 403
    assert caseworker.get(reverse("outcomes:person", kwargs={"slug": "org-a", "code": "P-SECRET1"})).status_code == 200
    funder = Client()
    funder.force_login(a["users"]["funder"])  # funder of network N, to which A sent a return
    assert funder.get(reverse("outcomes:network", kwargs={"slug": "net-n"})).status_code == 200
    assert funder.get(reverse("outcomes:person", kwargs={"slug": "org-a", "code": "P-SECRET1"})).status_code == 403
    anonymous = Client()
    assert anonymous.get(reverse("outcomes:distance", kwargs={"slug": "org-a"})).status_code == 302
