"""An organisation administrator uploads its own question bank (YAML or XLSForm): checked in full, or nothing changes."""

from __future__ import annotations

import html as html_mod

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from outcomes_helpers import make_person

from perthyn.outcomes import load
from perthyn.outcomes.bank import BUNDLED, DEFINITIONS
from perthyn.outcomes.xlsform import export
from perthyn.web.core.models import AuditEvent
from perthyn.web.outcomes import services
from perthyn.web.outcomes.models import OrganisationBank

pytestmark = pytest.mark.django_db

BUNDLED_TEXT = (DEFINITIONS / BUNDLED).read_text(encoding="utf-8")
FEEL_SAFE = load().question("feel_safe").text.en


def url(name, slug="org-a", **kw):
    return reverse(f"outcomes:{name}", kwargs={"slug": slug, **kw})


def client_for(orgs, role, key="a"):
    c = Client()
    c.force_login(orgs[key]["users"][role])
    return c


def upload(client, name: str, content: bytes, slug="org-a"):
    return client.post(url("bank_upload", slug=slug), {"file": SimpleUploadedFile(name, content)})


def own_yaml() -> bytes:
    text = BUNDLED_TEXT.replace('version: "1.0"', 'version: "2.0"')
    text = text.replace(f'en: "{FEEL_SAFE}"', 'en: "Do you feel safe where you live now?"')
    assert "Do you feel safe where you live now?" in text
    return text.encode()


def test_admin_uploads_a_yaml_bank_and_it_is_used(orgs):
    org = orgs["a"]["org"]
    admin = client_for(orgs, "admin")
    r = upload(admin, "our-bank.yaml", own_yaml())
    assert r.status_code == 302 and r["Location"] == url("bank")
    bank = services.bank_for(org)
    assert bank.version == "2.0" and bank.question("feel_safe").text.en == "Do you feel safe where you live now?"
    assert OrganisationBank.objects.get(organisation=org).kind == "yaml"
    assert AuditEvent.objects.filter(action="outcomes.bank_uploaded", organisation=org).exists()
    # the reading form asks the new wording; another organisation keeps the bundled bank
    person = make_person(org)
    form = html_mod.unescape(client_for(orgs, "caseworker").get(url("reading", code=person.code)).content.decode())
    assert "Do you feel safe where you live now?" in form
    assert services.bank_for(orgs["b"]["org"]).version == "1.0"
    page = html_mod.unescape(admin.get(url("bank")).content.decode())
    assert "our-bank.yaml" in page and "Do you feel safe where you live now?" in page
    # wording edits still apply on top of the uploaded bank
    admin.post(url("bank_question", qid="feel_safe"), {"action": "text", "language": "cy", "text": "Newydd?", "why": ""})
    assert services.bank_for(org).question("feel_safe").text.cy == "Newydd?"
    # and the administrator can go back to the bundled bank
    admin.post(url("bank_upload"), {"action": "reset"})
    assert services.bank_for(org).version == "1.0"


def test_bad_yaml_is_rejected_with_file_line_and_field_and_nothing_changes(orgs):
    org = orgs["a"]["org"]
    admin = client_for(orgs, "admin")
    assert upload(admin, "first.yaml", own_yaml()).status_code == 302
    before = OrganisationBank.objects.get(organisation=org)
    lines = BUNDLED_TEXT.splitlines()
    # drop the Welsh "why" of one question and point another at an indicator the framework does not have
    at = next(i for i, ln in enumerate(lines) if ln.strip() == "- id: feel_safe")
    bad = BUNDLED_TEXT.replace("indicator: employment_rate", "indicator: no_such_indicator", 1)
    bad = bad.replace('    why: {en: "Work brings income', '    whyy: {en: "Work brings income', 1)
    r = upload(admin, "broken.yaml", bad.encode())
    body = html_mod.unescape(r.content.decode())
    assert r.status_code == 400 and "The question bank was not changed" in body
    assert "broken.yaml" in body and "line " in body
    assert "questions[0].indicator" in body and "no_such_indicator" in body and "not in the framework" in body
    assert "questions[0].whyy" in body and "unknown key" in body
    # a YAML syntax error names its line too
    syntax = "\n".join(lines[:at] + ["  - id: [unclosed"] + lines[at + 1:]).encode()
    r2 = upload(admin, "syntax.yaml", syntax)
    body2 = html_mod.unescape(r2.content.decode())
    assert r2.status_code == 400 and "not valid YAML" in body2
    assert f"syntax.yaml, line {at + 1}" in body2 or f"syntax.yaml, line {at + 2}" in body2
    # not a bank at all, and a file of another kind
    assert upload(admin, "list.yaml", b"- a\n- b\n").status_code == 400
    assert upload(admin, "notes.txt", b"hello").status_code == 400
    assert upload(admin, "fake.xlsx", b"not a workbook").status_code == 400
    after = OrganisationBank.objects.get(organisation=org)
    assert (after.content, after.uploaded, after.source_name) == (before.content, before.uploaded, "first.yaml")
    assert services.bank_for(org).version == "2.0"


def test_admin_uploads_an_xlsform(orgs):
    org = orgs["a"]["org"]
    bank = load()
    data = export(bank, ["en", "cy", "ar"])
    r = upload(client_for(orgs, "admin"), "kobo-form.xlsx", data)
    assert r.status_code == 302, html_mod.unescape(r.content.decode())[-2000:]
    mine = services.bank_for(org)
    assert OrganisationBank.objects.get(organisation=org).kind == "xlsform"
    assert [q.id for q in mine.questions] == [q.id for q in bank.questions]
    assert mine.question("feel_safe").text.get("ar") == bank.question("feel_safe").text.get("ar")


def test_caseworker_and_viewer_cannot_upload(orgs):
    org = orgs["a"]["org"]
    for role in ("caseworker", "viewer", "funder"):
        c = client_for(orgs, role)
        assert c.get(url("bank_upload")).status_code == 403
        assert upload(c, "our-bank.yaml", own_yaml()).status_code == 403
    # nor can another organisation's administrator upload into this one
    assert upload(client_for(orgs, "admin", "b"), "our-bank.yaml", own_yaml()).status_code == 403
    assert not OrganisationBank.objects.filter(organisation=org).exists()
    assert services.bank_for(org).version == "1.0"
