"""Every export (CSV, XLSX, JSON returns, combined figures, XLSForm) is scanned for personal data: none is found."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from outcomes_helpers import add_reading, make_person

from perthyn.web.outcomes import services
from perthyn.web.outcomes.models import Person

pytestmark = pytest.mark.django_db

PERSONAL_COLUMNS = re.compile(r"^(name|first_?name|surname|phone|email|address|postcode|reference|ref|person|code|"
                              r"date_of_birth|dob|birth_?date|taken_on|reading)$", re.I)


def _xlsx_text(data: bytes) -> tuple[str, list[str]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    cells, heads = [], []
    for ws in wb.worksheets:
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            vals = ["" if v is None else str(v) for v in row]
            cells += vals
            if i == 0:
                heads += vals
    return "\n".join(cells), heads


def test_no_export_holds_personal_data(orgs, settings):
    org = orgs["a"]["org"]
    conf = services.settings_for(org)
    conf.network = orgs["net"]
    conf.save()
    secrets = []
    base = date.today() - timedelta(days=120)
    for i in range(14):
        name, phone, email, ref = f"Zainab Qureshi{i}", f"07700 900{i:03d}", f"person{i}@example.org", f"CASE-ALPHA-{i:03d}"
        p = make_person(org, language="ar", name=name, phone=phone, email=email, reference=ref)
        secrets += [name, phone, email, ref, p.code, p.reference_hash]
        values = {q.id: 1 for q in services.bank_for(org).select(conf.profiles, "adult")}
        add_reading(org, p, values, base)
        add_reading(org, p, {k: min(v + i % 2, 3) for k, v in values.items()}, base + timedelta(days=100 + i))
        secrets.append((base + timedelta(days=100 + i)).isoformat())  # a single reading's date
    admin = Client()
    admin.force_login(orgs["a"]["users"]["admin"])
    period = {"period_start": (base - timedelta(days=1)).isoformat(), "period_end": date.today().isoformat()}
    ret = reverse("outcomes:returns", kwargs={"slug": "org-a"})
    assert admin.post(ret, period).status_code == 302  # send the return to the network
    funder = Client()
    funder.force_login(orgs["a"]["users"]["funder"])
    sent_pk = orgs["net"].outcome_returns_received.get().pk

    exports = {
        "csv": admin.get(reverse("outcomes:export", kwargs={"slug": "org-a", "fmt": "csv"})),
        "xlsx": admin.get(reverse("outcomes:export", kwargs={"slug": "org-a", "fmt": "xlsx"})),
        "return.csv": admin.get(ret, {**period, "format": "csv"}),
        "return.json": admin.get(ret, {**period, "format": "json"}),
        "xlsform": admin.get(reverse("outcomes:xlsform", kwargs={"slug": "org-a"})),
        "network.csv": funder.get(reverse("outcomes:network", kwargs={"slug": "net-n"}), {"format": "csv"}),
        "network.json": funder.get(reverse("outcomes:network", kwargs={"slug": "net-n"}), {"format": "json"}),
        "sent.csv": funder.get(reverse("outcomes:network_return", kwargs={"slug": "net-n", "pk": sent_pk, "fmt": "csv"})),
        "sent.json": funder.get(reverse("outcomes:network_return", kwargs={"slug": "net-n", "pk": sent_pk, "fmt": "json"})),
    }
    for kind, resp in exports.items():
        assert resp.status_code == 200, kind
        if kind in ("xlsx", "xlsform"):
            text, heads = _xlsx_text(resp.content)
        else:
            text = resp.content.decode("utf-8-sig")
            if kind.endswith("json"):
                doc = json.loads(text)
                heads = sorted({k for row in doc["rows"] for k in row} | set(doc["metadata"]))
            else:
                heads = text.splitlines()[0].split(",")
        for s in secrets:
            assert s not in text, (kind, s)
        # an XLSForm's own "name" column holds question ids (feel_safe, ...), not people's names
        bad = [h for h in heads if PERSONAL_COLUMNS.match(h.strip()) and not (kind == "xlsform" and h == "name")]
        assert not bad, (kind, bad)
        if kind.endswith("csv"):
            assert resp.content.startswith("\ufeff".encode()), kind  # BOM so Excel reads Arabic and Welsh
    # the figures are really there (so the scan looked at something): 14 people per question
    doc = json.loads(exports["return.json"].content)
    assert any(r["n"] == 14 and not r["suppressed"] for r in doc["rows"])
    assert Person.objects.filter(organisation=org).count() == 14
