"""Helpers shared by the outcomes tests (imported as a module; pytest puts this folder on sys.path)."""

from __future__ import annotations

import uuid
from datetime import date

import pandas as pd

ROLES = ("admin", "caseworker", "viewer", "funder")
PASSWORD = "a-long-test-password-1"


def answers_table(rows):
    """rows: (person, reading, 'YYYY-MM-DD', question, value) -> the core's long answers table."""
    df = pd.DataFrame(rows, columns=["person", "reading", "taken_on", "question", "value"])
    df["taken_on"] = pd.to_datetime(df["taken_on"])
    return df


def make_person(org, *, code=None, language="en", is_child=False, consent=True, **contact):
    from perthyn.web.outcomes import services
    from perthyn.web.outcomes.models import Consent

    person, _created = services.person_create(organisation=org, language=language, is_child=is_child,
                                    reference=contact.pop("reference", ""), **contact)
    if code:
        person.code = code
        person.save()
    if consent:
        services.consent_record(person=person, language=language,
                                given_by=Consent.GivenBy.GUARDIAN if is_child else Consent.GivenBy.SELF,
                                bank=services.bank_for(org))
    return person


def add_reading(org, person, values: dict, taken_on: date):
    from perthyn.web.outcomes.models import Answer, Reading

    r = Reading.objects.create(organisation=org, person=person, sequence=person.readings.count(), taken_on=taken_on,
                               language=person.language, bank_version="1.0", token=uuid.uuid4())
    Answer.objects.bulk_create([Answer(reading=r, question=q, value=v) for q, v in values.items()])
    return r
