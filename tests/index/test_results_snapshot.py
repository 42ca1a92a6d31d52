"""A published round's results are frozen at publishing: pages and downloads come from the snapshot."""

import io
import json
import math

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from perthyn.index import check_answers, load
from perthyn.index.results import RoundResults, round_results
from perthyn.web.core.models import Membership, Organisation
from perthyn.web.index.models import Answer, Response, Round

Q = load()


def test_snapshot_round_trips_through_strict_json():
    # W1: strategy (100 + 50 + 0) / 3 = 50, overall 50 / 8; W2: strategy 0; both rank intervals from 2 units
    frame = check_answers(pd.DataFrame([{"area_code": "W1", "name": "One", "strategy_exists": "yes",
                                         "strategy_consulted": "partly"},
                                        {"area_code": "W2", "name": "Two", "strategy_exists": "no"}]), Q)
    res = round_results(frame, Q, None, replications=20)
    back = RoundResults.from_dict(json.loads(json.dumps(res.to_dict(), allow_nan=False)))
    ranking = back.ranking.set_index("area_code")
    assert ranking.loc["W1", "strategy"] == pytest.approx(50)
    assert ranking.loc["W1", "overall"] == pytest.approx(50 / 8)
    assert ranking.loc["W2", "overall"] == 0
    assert str(back.ranking["rank"].dtype) == "Int64" and ranking["rank"].tolist() == [1, 2]
    assert back.averages["strategy"] == pytest.approx(25)
    assert back.scores.distribution.loc["0-10", "overall"] == 2
    assert back.scores.treatment == res.scores.treatment
    pd.testing.assert_frame_equal(back.ranking, res.ranking, check_index_type=False)
    pd.testing.assert_frame_equal(back.scores.summary, res.scores.summary)
    # missing stays missing: with the default unanswered = zero every area has a score, so exclude them
    res = round_results(frame, Q, None, replications=20)
    res.ranking.loc[1, "strategy"] = float("nan")
    back = RoundResults.from_dict(json.loads(json.dumps(res.to_dict(), allow_nan=False)))
    assert math.isnan(back.ranking.loc[1, "strategy"]) and back.ranking["strategy"].dtype == "float64"


@pytest.mark.django_db
def test_changing_an_answer_after_publishing_does_not_change_the_published_results(client, monkeypatch):
    User = get_user_model()
    cardiff = Organisation.objects.create(name="Cardiff", slug="cardiff", kind="council", area_code="W06000015")
    newport = Organisation.objects.create(name="Newport", slug="newport", kind="council", area_code="W06000022")
    pub_org = Organisation.objects.create(name="Publisher", slug="pub", kind="publisher")
    publisher = User.objects.create_user("publisher", password="pw-pub-1")
    Membership.objects.create(user=publisher, organisation=pub_org, role="publisher")
    round_ = Round.objects.create(year=2026)
    answers = {cardiff: {"strategy_exists": "yes", "strategy_consulted": "partly", "racism_records": "by_group"},
               newport: {"strategy_exists": "no"}}
    for org, values in answers.items():
        response = Response.objects.create(round=round_, organisation=org, state=Response.State.VERIFIED)
        for qid, value in values.items():
            Answer.objects.create(response=response, question=qid, value=value)
    client.force_login(publisher)
    client.post(reverse("index:round_action", args=[2026, "lock"]))
    client.post(reverse("index:round_action", args=[2026, "publish"]))
    round_.refresh_from_db()
    assert round_.status == "published" and round_.results_snapshot["version"] == 1
    client.logout()

    # after publishing, Cardiff's answers become all "no" and Newport's all "yes"
    Answer.objects.filter(response__organisation=cardiff).exclude(question="racism_records").update(value="no")
    Answer.objects.filter(response__organisation=cardiff, question="racism_records").update(value="not_collected")
    Answer.objects.filter(response__organisation=newport, question="strategy_exists").update(value="yes")
    Answer.objects.create(response=Response.objects.get(organisation=newport), question="strategy_consulted",
                          value="yes")
    Answer.objects.create(response=Response.objects.get(organisation=newport), question="racism_records",
                          value="by_group")

    # and nothing is recomputed for the published pages
    def no_recompute(*args, **kwargs):
        raise AssertionError("published results were recomputed")
    monkeypatch.setattr("perthyn.index.results.round_results", no_recompute)

    csv = client.get(reverse("index:download", args=[2026, "csv"]))
    table = pd.read_csv(io.StringIO(csv.content.decode())).set_index("area_code")
    # as published: Cardiff strategy (100 + 50 + 0) / 3 = 50, racism (0 + 100 + 0) / 3, rank 1; Newport 0, rank 2
    assert table.loc["W06000015", "strategy"] == pytest.approx(50)
    assert table.loc["W06000015", "racism"] == pytest.approx(100 / 3)
    assert table.loc["W06000015", "overall"] == pytest.approx((50 + 100 / 3) / 8)
    assert table.loc["W06000015", "rank"] == 1 and table.loc["W06000022", "rank"] == 2
    assert table.loc["W06000022", "overall"] == 0
    page = client.get(reverse("index:results", args=[2026])).content.decode()
    assert page.index("Cardiff") < page.index("Newport")
    card = client.get(reverse("index:scorecard", args=[2026, "W06000015"]))
    assert card.status_code == 200 and card.context["row"]["rank"] == 1
    xlsx = client.get(reverse("index:download", args=[2026, "xlsx"]))
    ranking = pd.read_excel(io.BytesIO(xlsx.content), sheet_name="ranking").set_index("area_code")
    assert ranking.loc["W06000015", "rank"] == 1

    # a live recomputation would now rank Newport first: the snapshot is what protects the published figures
    monkeypatch.undo()
    from perthyn.web.index.selectors import compute_results
    live = compute_results(round_, replications=10).ranking.set_index("area_code")
    assert live.loc["W06000022", "rank"] == 1
    assert live.loc["W06000022", "strategy"] == pytest.approx(200 / 3)  # (100 + 100 + 0) / 3


@pytest.mark.django_db
def test_published_round_without_a_snapshot_is_frozen_on_first_view(client):
    org = Organisation.objects.create(name="Cardiff", slug="cardiff", kind="council", area_code="W06000015")
    round_ = Round.objects.create(year=2025, status=Round.Status.PUBLISHED)
    response = Response.objects.create(round=round_, organisation=org, state=Response.State.VERIFIED)
    Answer.objects.create(response=response, question="strategy_exists", value="yes")
    assert client.get(reverse("index:results", args=[2025])).status_code == 200
    round_.refresh_from_db()
    snap = RoundResults.from_dict(round_.results_snapshot)
    assert snap.ranking.set_index("area_code").loc["W06000015", "strategy"] == pytest.approx(100 / 3)
    Answer.objects.filter(response=response).update(value="no")
    card = client.get(reverse("index:scorecard", args=[2025, "W06000015"]))
    assert card.context["row"]["strategy"] == pytest.approx(100 / 3)
