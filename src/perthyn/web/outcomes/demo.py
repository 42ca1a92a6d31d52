"""Demo content: synthetic people with a baseline and a follow-up, so distance travelled has something to show.

Every person here is invented (codes start with "D-"); nothing is real data.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from perthyn.outcomes import bank as bank_mod
from perthyn.web.core.models import Organisation

from .models import Answer, Consent, Person, Reading
from .services import settings_for

DEMO_NETWORK_SLUG = "demo-wales-network"


def add_synthetic_people(org, *, n: int, seed: int = 4, prefix: str = "D-", months: int = 3) -> None:
    """n invented adults, each with consent, a baseline and one follow-up with a modest drift upwards."""
    bank = bank_mod.load()
    conf = settings_for(org)
    questions = bank.select(conf.profiles, "adult")
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    langs = ["en", "cy", "ar", "fa-af", "ps", "pl", "lt", "uk"]
    for i in range(n):
        person = Person.objects.create(organisation=org, code=f"{prefix}{i + 1:04d}", language=langs[i % len(langs)])
        Consent.objects.create(person=person, language=person.language, given_by="self",
                               purpose_shown=bank.consent["purpose"].get(person.language))
        level = rng.integers(0, 3)
        for seq, days_ago in enumerate((30 * months + 20, 20)):
            reading = Reading.objects.create(
                organisation=org, person=person, sequence=seq, taken_on=today - timedelta(days=int(days_ago)),
                language=person.language, bank_version=bank.version, token=uuid.uuid4(),
            )
            answers = []
            for q in questions:
                drift = rng.integers(0, 2) if seq else 0
                v = int(np.clip(level + drift + rng.integers(-1, 2), 0, q.scale.max))
                answers.append(Answer(reading=reading, question=q.id, value=v))
            Answer.objects.bulk_create(answers)


@transaction.atomic
def seed() -> None:
    org = Organisation.objects.filter(slug="demo-cardiff-welcome").first()
    if org is None:
        return
    network, _ = Organisation.objects.get_or_create(
        slug=DEMO_NETWORK_SLUG, defaults={"name": "Wales migrant support network (demo)", "kind": Organisation.Kind.NETWORK})
    conf = settings_for(org)
    if conf.network_id is None:
        conf.network = network
        conf.save()
    if not Person.objects.filter(organisation=org).exists():
        add_synthetic_people(org, n=36)
