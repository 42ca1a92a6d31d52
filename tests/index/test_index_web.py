"""The index web app: officers answer for their own council only; the publisher verifies, locks,
publishes, imports; results and downloads."""

import io

import pandas as pd
import pytest
from django.urls import reverse

from perthyn.web.core.models import AuditEvent
from perthyn.web.index.models import Answer, Response

pytestmark = pytest.mark.django_db


FULL = {"q_strategy_exists": "yes", "link_strategy_exists": "https://cardiff.gov.uk/strategy",
        "q_strategy_consulted": "partly", "q_racism_records": "by_group", "q_census_migrants": "considerably_higher"}


def test_officer_saves_draft_then_submits(client, world):
    client.force_login(world["officer"])
    url = reverse("index:respond", args=[2026, "cardiff"])
    assert client.get(url).status_code == 200
    r = client.post(url, {**FULL, "save": "1"})
    assert r.status_code == 302
    resp = Response.objects.get(organisation=world["cardiff"])
    assert resp.state == "draft"
    a = Answer.objects.get(response=resp, question="strategy_exists")
    assert a.value == "yes" and a.evidence_link == "https://cardiff.gov.uk/strategy"
    client.post(url, {**FULL, "submit": "1"})
    resp.refresh_from_db()
    assert resp.state == "submitted"
    # a submitted response can no longer be changed by the officer
    assert client.post(url, {**FULL, "q_strategy_exists": "no", "save": "1"}).status_code == 403
    assert AuditEvent.objects.filter(action="index.response_submitted", organisation=world["cardiff"]).exists()


def test_officer_cannot_see_or_edit_another_authority(client, world):
    client.force_login(world["other"])  # Newport's officer
    url = reverse("index:respond", args=[2026, "cardiff"])
    assert client.get(url).status_code == 403
    assert client.post(url, {**FULL, "save": "1"}).status_code == 403
    assert not Answer.objects.filter(response__organisation=world["cardiff"]).exists()
    # nor review anything
    assert client.get(reverse("index:review", args=[2026])).status_code == 403


def test_invalid_answer_is_rejected_with_nothing_saved(client, world):
    client.force_login(world["officer"])
    url = reverse("index:respond", args=[2026, "cardiff"])
    r = client.post(url, {**FULL, "link_strategy_exists": "not a link", "save": "1"})
    assert r.status_code == 400 and "strategy_exists__link" in r.content.decode()
    assert not Answer.objects.exists()


def test_publisher_verifies_locks_publishes_and_everyone_sees_results(client, world):
    client.force_login(world["officer"])
    client.post(reverse("index:respond", args=[2026, "cardiff"]), {**FULL, "submit": "1"})
    client.force_login(world["other"])
    client.post(reverse("index:respond", args=[2026, "newport"]),
                {"q_strategy_exists": "no", "q_census_migrants": "roughly_same", "submit": "1"})
    results = reverse("index:results", args=[2026])
    client.logout()
    assert client.get(results).status_code == 404  # not published yet
    client.force_login(world["publisher"])
    for slug in ("cardiff", "newport"):
        r = client.post(reverse("index:review_response", args=[2026, slug]), {"action": "verify"})
        assert r.status_code == 302
    assert Response.objects.filter(state="verified").count() == 2
    client.post(reverse("index:round_action", args=[2026, "lock"]))
    # locked: officers can no longer change anything
    world["round"].refresh_from_db()
    assert world["round"].status == "locked"
    client.post(reverse("index:round_action", args=[2026, "publish"]))
    world["round"].refresh_from_db()
    assert world["round"].status == "published"
    client.logout()
    page = client.get(results).content.decode()
    assert "Cardiff" in page and "Newport" in page and "<svg" in page and "<title" in page
    card = client.get(reverse("index:scorecard", args=[2026, "W06000015"])).content.decode()
    assert "Census consistency check" in card
    csv = client.get(reverse("index:download", args=[2026, "csv"]))
    table = pd.read_csv(io.StringIO(csv.content.decode()))
    # Cardiff: strategy (100 + 50 + 0) / 3 = 50; other areas 0 except racism (100 + 0 + 0) / 3
    row = table.set_index("area_code").loc["W06000015"]
    assert row["strategy"] == pytest.approx(50) and row["rank"] == 1
    assert {"rank_q05", "rank_q95", "median_rank", "data_collection"} <= set(table.columns)
    xlsx = client.get(reverse("index:download", args=[2026, "xlsx"]))
    assert pd.read_excel(io.BytesIO(xlsx.content), sheet_name="ranking").shape[0] == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"index.response_verified", "index.round_locked", "index.round_published"} <= actions


def test_spreadsheet_import_is_all_or_nothing(client, world):
    client.force_login(world["publisher"])
    url = reverse("index:import", args=[2026])
    bad = pd.DataFrame([{"area_code": "W06000015", "strategy_exists": "yes"},
                        {"area_code": "W06000022", "strategy_exists": "sometimes"},
                        {"area_code": "W06999999", "strategy_exists": "no"}])
    buf = io.BytesIO()
    bad.to_excel(buf, index=False)
    buf.seek(0)
    buf.name = "answers.xlsx"
    r = client.post(url, {"sheet": buf})
    text = r.content.decode()
    assert r.status_code == 400
    assert "row 2" in text and "strategy_exists" in text          # bad option on row 2
    assert not Response.objects.exists() and not Answer.objects.exists()
    good = io.BytesIO(pd.DataFrame([{"area_code": "W06000015", "strategy_exists": "yes"},
                                    {"area_code": "W06000022", "strategy_consulted": "na"}]).to_csv(index=False).encode())
    good.name = "answers.csv"
    r = client.post(url, {"sheet": good})
    assert r.status_code == 302
    assert Response.objects.filter(state="submitted").count() == 2
    assert Answer.objects.get(response__organisation=world["newport"], question="strategy_consulted").value == "not_applicable"
    assert AuditEvent.objects.filter(action="index.answers_imported").exists()
    # the unknown-authority case is reported with its row as well
    unk = io.BytesIO(b"area_code,strategy_exists\nW06999999,yes\n")
    unk.name = "u.csv"
    r = client.post(url, {"sheet": unk})
    assert r.status_code == 400 and "row 1" in r.content.decode() and "W06999999" in r.content.decode()
