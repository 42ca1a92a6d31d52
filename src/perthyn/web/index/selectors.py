"""Reads: who may do what in the index, and a round's answers as the table the core scores."""

from __future__ import annotations

import pandas as pd

from perthyn.index import load
from perthyn.web.core.access import memberships, organisations_for
from perthyn.web.core.models import Membership, Organisation

from .models import Answer, Response, Round

OFFICER, PUBLISHER = "officer", "publisher"


def questionnaire(round_: Round):
    return load()  # the bundled default; rounds record its id for when more exist


def is_publisher(user) -> bool:
    return memberships(user).filter(role=PUBLISHER).exists()


def officer_councils(user):
    return organisations_for(user, roles=[OFFICER]).filter(kind=Organisation.Kind.COUNCIL)


def officer_accounts():
    """Every council (by name) with its officer accounts (by username)."""
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name"))
    by_council = {c.pk: [] for c in councils}
    for m in (Membership.objects.filter(role=OFFICER, organisation__in=councils)
              .select_related("user").order_by("user__username")):
        by_council[m.organisation_id].append(m.user)
    return [{"council": c, "officers": by_council[c.pk]} for c in councils]


def answers_frame(round_: Round, states=(Response.State.VERIFIED,)) -> pd.DataFrame:
    """One row per responding council: area_code, name, each answer, and evidence links."""
    rows = {}
    responses = Response.objects.filter(round=round_, state__in=list(states)).select_related("organisation")
    for r in responses:
        rows[r.pk] = {"area_code": r.organisation.area_code, "name": r.organisation.name}
    for a in Answer.objects.filter(response__in=responses).order_by("response_id", "question"):
        row = rows[a.response_id]
        row[a.question] = a.value
        if a.evidence_link:
            row[a.question + "__link"] = a.evidence_link
    frame = pd.DataFrame(list(rows.values()))
    return frame.fillna("") if len(frame) else pd.DataFrame(columns=["area_code", "name"])


def answers_by_question(response: Response) -> dict:
    return {a.question: a for a in response.answers.all()}


def compute_results(round_: Round, replications: int = 1000):
    """Score the round's verified answers now (with the Monte Carlo rank intervals); None if there are none."""
    from perthyn.index.census import census_shares
    from perthyn.index.results import round_results

    frame = answers_frame(round_)
    if frame.empty:
        return None
    return round_results(frame, questionnaire(round_), census_shares("wales"), replications=replications)


def results(round_: Round, replications: int = 1000):
    """A published round's results as frozen when it was published; an unpublished round's computed now."""
    from perthyn.index.results import RoundResults

    if round_.status == Round.Status.PUBLISHED and round_.results_snapshot:
        return RoundResults.from_dict(round_.results_snapshot)
    return compute_results(round_, replications)
