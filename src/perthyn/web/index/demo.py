"""Demo content for the index: the 22 Welsh councils, a publisher, a published round with synthetic
answers, and an open round. The demo user becomes publisher and Cardiff's officer. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from perthyn.web.core.models import Membership, Organisation

from .models import Answer, Response, Round
from .services import round_freeze_results

PUBLISHER_SLUG = "demo-index-publisher"


@transaction.atomic
def seed(username: str = "demo") -> None:
    from perthyn.data import wales_las
    from perthyn.index import load
    from perthyn.index.census import census_shares
    from perthyn.index.demo import demo_answers

    las = wales_las()
    councils = {}
    for _, la in las.iterrows():
        org, _ = Organisation.objects.get_or_create(
            area_code=la["area_code"], kind=Organisation.Kind.COUNCIL,
            defaults={"name": la["name_en"], "slug": slugify(f"council-{la['name_en']}")})
        councils[la["area_code"]] = org
    publisher, _ = Organisation.objects.get_or_create(
        slug=PUBLISHER_SLUG, defaults={"name": "Index publisher (demo)", "kind": Organisation.Kind.PUBLISHER})
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        Membership.objects.get_or_create(user=user, organisation=publisher, role=Membership.Role.PUBLISHER)
        Membership.objects.get_or_create(user=user, organisation=councils["W06000015"], role=Membership.Role.OFFICER)

    past, created = Round.objects.get_or_create(year=2025)
    if created:
        q = load()
        answers = demo_answers(q, las.rename(columns={"name_en": "name"}), census_shares("wales"), seed=2025)
        ids = [x.id for x in q.questions] + [s.id for s in q.self_assessment]
        now = timezone.now()
        for _, row in answers.iterrows():
            response = Response.objects.create(round=past, organisation=councils[row["area_code"]],
                                               state=Response.State.VERIFIED, submitted_at=now, verified_at=now)
            Answer.objects.bulk_create([
                Answer(response=response, question=qid, value=row.get(qid, ""),
                       evidence_link=row.get(qid + "__link", "") or "",
                       note="Synthetic demo answer" if qid == ids[0] else "")
                for qid in ids])
        past.status, past.locked_at, past.published_at = Round.Status.PUBLISHED, now, now
        past.synthetic = True
        past.save()
        round_freeze_results(round_=past)
    Round.objects.get_or_create(year=2026)
