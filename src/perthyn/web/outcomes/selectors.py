"""Reads: every query starts from the organisation, so one organisation never sees another's rows."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pandas as pd
from django.http import Http404

from .models import Answer, Person, Reading, WithdrawnCode


class PersonWithdrawn(Http404):
    """The code belonged to someone who withdrew consent: still "not found", but the page can say why."""

    def __init__(self, choice: str):
        super().__init__("withdrawn")
        self.choice = choice


def person_for(organisation, code: str) -> Person:
    person = Person.objects.filter(organisation=organisation, code=code).first()
    if person is not None:
        return person
    from .services import code_hash

    gone = WithdrawnCode.objects.filter(organisation=organisation, code_hash=code_hash(organisation, code)).first()
    if gone is not None:
        raise PersonWithdrawn(gone.choice)
    raise Http404


def answers_frame(organisation) -> pd.DataFrame:
    rows = (Answer.objects.filter(reading__organisation=organisation)
            .values_list("reading__person__code", "reading_id", "reading__taken_on", "question", "value"))
    df = pd.DataFrame(list(rows), columns=["person", "reading", "taken_on", "question", "value"])
    if len(df):
        df["taken_on"] = pd.to_datetime(df["taken_on"])
        df["value"] = df["value"].astype(int)
    return df


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def follow_ups(organisation, intervals: list[int], today: date, horizon_days: int = 14) -> list[dict]:
    """People whose next follow-up (baseline + the next interval) falls on or before today + horizon."""
    out = []
    people = (Person.objects.filter(organisation=organisation, status=Person.Status.ACTIVE)
              .prefetch_related("readings"))
    for p in people:
        readings = sorted(p.readings.all(), key=lambda r: r.sequence)
        if not readings:
            continue
        done = len(readings) - 1
        if done >= len(intervals):
            continue
        due = add_months(readings[0].taken_on, intervals[done])
        if due <= today + timedelta(days=horizon_days):
            out.append({"person": p, "due": due, "months": intervals[done], "overdue": due < today})
    return sorted(out, key=lambda r: (r["due"], r["person"].code))


def readings_of(person: Person):
    return Reading.objects.filter(person=person, organisation=person.organisation).order_by("sequence")
