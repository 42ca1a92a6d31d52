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
    import json

    from perthyn.outcomes import load
    from perthyn.outcomes.returns import build_return
    from perthyn.web.outcomes.selectors import answers_frame

    ret = build_return(answers_frame(org), load(), organisation=org.name, period_start=date(2025, 1, 1),
                       period_end=date.today())
    sent = SentReturn.objects.create(organisation=org, network=orgs["net"], period_start=date(2025, 1, 1),
                                     period_end=date.today(), payload=json.loads(ret.to_json()))
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


OWN_PAGES = {"org", "distance", "returns", "settings", "bank", "paper", "form_pdf", "xlsform", "person_new", "export",
             "bank_question", "bank_upload"}
A_DATA = (b"P-SECRET1", b"Amira", b"Secret", b"07700900001", b"secret-audio", b"Org A")


def test_second_organisation_reaches_nothing_of_the_first(orgs, a_objects):
    b = orgs["b"]
    checked = 0
    for role in ROLES:
        client = Client()
        client.force_login(b["users"][role])
        for name, url in _urls(a_objects, b["org"].slug):
            if name in OWN_PAGES and f"/o/{b['org'].slug}/" in url:
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




def _readable(resp) -> bytes:
    """The body as text to search: zipped XLSX parts unpacked, PDF text extracted, streams joined."""
    import io
    import zipfile

    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return b"".join(z.read(n) for n in z.namelist())
    if body.startswith(b"%PDF"):
        import pypdf

        return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages).encode()
    return body


def test_second_organisations_own_pages_show_nothing_of_the_first(orgs, a_objects):
    """B's own pages (home, distance, returns, exports, forms, settings, questions) as every role of B hold none of A's data."""
    b = orgs["b"]
    # B has a person and readings of its own, so its pages have content to render
    mine = make_person(b["org"], code="P-BBBBB1")
    add_reading(b["org"], mine, {"feel_safe": 2}, date.today() - timedelta(days=90))
    add_reading(b["org"], mine, {"feel_safe": 3}, date.today() - timedelta(days=5))
    seen = {}
    for role in ROLES:
        client = Client()
        client.force_login(b["users"][role])
        for name, url in _urls(a_objects, b["org"].slug):
            if name not in OWN_PAGES or f"/o/{b['org'].slug}/" not in url:
                continue
            resp = client.get(url)
            assert resp.status_code in (200, 302, 403, 404), (role, url, resp.status_code)  # export.json: 404
            body = _readable(resp)
            for secret in A_DATA:
                assert secret not in body, (role, url, secret)
            seen.setdefault(name, set()).add((role, resp.status_code))
    assert set(seen) == OWN_PAGES  # every one of B's own pages was loaded
    assert ("admin", 200) in seen["settings"] and ("caseworker", 200) in seen["org"] and ("viewer", 200) in seen["distance"]
    assert ("caseworker", 200) in seen["export"] and ("admin", 200) in seen["form_pdf"]


def test_another_networks_funder_cannot_read_a_return_sent_to_the_first(orgs, a_objects):
    from django.contrib.auth import get_user_model

    from perthyn.web.core.models import Membership, Organisation

    net2 = Organisation.objects.create(name="Network M", slug="net-m", kind=Organisation.Kind.NETWORK)
    user = get_user_model().objects.create_user(username="m-funder")
    Membership.objects.create(user=user, organisation=net2, role="funder")
    client = Client()
    client.force_login(user)
    for fmt in ("csv", "json"):
        # A's return by id, through the funder's own network and through the network it was sent to
        own = client.get(reverse("outcomes:network_return", kwargs={"slug": "net-m", "pk": a_objects["sent"], "fmt": fmt}))
        first = client.get(reverse("outcomes:network_return", kwargs={"slug": "net-n", "pk": a_objects["sent"], "fmt": fmt}))
        assert own.status_code == 404 and first.status_code == 403
        assert b"Org A" not in own.content and b"Org A" not in first.content
    page = client.get(reverse("outcomes:network", kwargs={"slug": "net-m"}))
    assert page.status_code == 200 and b"Org A" not in page.content
    assert client.get(reverse("outcomes:network", kwargs={"slug": "net-n"})).status_code == 403
    # the first network's own funder still reads it
    funder = Client()
    funder.force_login(orgs["a"]["users"]["funder"])
    ok = funder.get(reverse("outcomes:network_return", kwargs={"slug": "net-n", "pk": a_objects["sent"], "fmt": "json"}))
    assert ok.status_code == 200 and b"Org A" in ok.content


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
