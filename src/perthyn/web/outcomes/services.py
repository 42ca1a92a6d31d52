"""Writes (HackSoft style): each is atomic, keyword-only, and takes the organisation it acts for."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perthyn.errors import InputErrors, Problem
from perthyn.outcomes import bank as bank_mod
from perthyn.outcomes.bank import Bank
from perthyn.text import Text
from perthyn.outcomes.scoring import check_answers

from .models import Answer, Consent, ContactDetails, OutcomeSettings, Person, QuestionText, Reading

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I/L, 5/S, 8/B, 2/Z)


class StalePage(Exception):
    """The person's record changed after the page was opened."""


def settings_for(organisation) -> OutcomeSettings:
    obj, _created = OutcomeSettings.objects.get_or_create(
        organisation=organisation,
        defaults={"profiles": [p for p in bank_mod.load().profiles if p != "core"], "follow_up_months": [3, 6, 12]},
    )
    return obj


def bank_for(organisation) -> Bank:
    """The bundled bank with this organisation's edits (wording per language, hidden questions) applied."""
    base = bank_mod.load()
    edits = list(QuestionText.objects.filter(organisation=organisation))
    if not edits:
        return base
    by_q: dict = {}
    for e in edits:
        by_q.setdefault(e.question, []).append(e)
    questions = []
    for q in base.questions:
        mine = by_q.get(q.id, [])
        if any(e.hidden for e in mine):
            continue
        text, why = dict(q.text.values), dict(q.why.values)
        for e in mine:
            if e.text.strip():
                text[e.language] = e.text.strip()
            if e.why.strip():
                why[e.language] = e.why.strip()
        questions.append(replace(q, text=Text.of(text), why=Text.of(why)))
    return replace(base, questions=tuple(questions), _by_id={q.id: q for q in questions})


def reference_hash(organisation, reference: str) -> str:
    """Keyed hash (HMAC-SHA256 with the installation secret) of an organisation's own reference."""
    key = settings.SECRET_KEY.encode()
    msg = f"{organisation.pk}:{reference.strip().casefold()}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


@transaction.atomic
def person_create(*, organisation, language: str, is_child: bool, reference: str = "", name: str = "",
                  phone: str = "", email: str = "") -> Person:
    ref_hash = reference_hash(organisation, reference) if reference.strip() else ""
    if ref_hash and Person.objects.filter(organisation=organisation, reference_hash=ref_hash).exists():
        raise InputErrors(Problem(_("This reference is already registered."), column="reference",
                                  fix=_("Find the person in the list, or leave the reference blank.")))
    for _attempt in range(10):
        code = _new_code()
        if not Person.objects.filter(organisation=organisation, code=code).exists():
            break
    person = Person.objects.create(organisation=organisation, code=code, reference_hash=ref_hash, language=language,
                                   is_child=is_child)
    if name or phone or email:
        ContactDetails.objects.create(person=person, name=name, phone=phone, email=email)
    return person


@transaction.atomic
def consent_record(*, person: Person, language: str, given_by: str, bank: Bank) -> Consent:
    text = bank.consent["guardian" if given_by == Consent.GivenBy.GUARDIAN else "purpose"].get(language)
    return Consent.objects.create(person=person, language=language, purpose_shown=text, given_by=given_by)


def has_consent(person: Person) -> bool:
    consents = person.consents.filter(withdrawn_at__isnull=True)
    if person.is_child:
        return consents.filter(given_by=Consent.GivenBy.GUARDIAN).exists()
    return consents.exists()


@transaction.atomic
def consent_withdraw(*, person: Person, choice: str) -> None:
    """Anonymise (drop contact details and reference, give a new code, keep answers) or delete everything."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if choice == Consent.Withdrawal.DELETE:
        person.delete()
        return
    ContactDetails.objects.filter(person=person).delete()
    person.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(), withdrawal=choice)
    person.consents.update(purpose_shown="")
    person.reference_hash = ""
    person.code = "X-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    person.status = Person.Status.ANONYMISED
    person.version += 1
    person.save()


def submit_reading(*, organisation, person: Person, posted_organisation: str, version: str, token: str,
                   taken_on: date, language: str, answers: dict, bank: Bank, profiles, source: str = "screen",
                   form_reference: str = "") -> tuple[Reading, bool]:
    """Save a whole reading, or nothing. Returns (reading, created); created is False for a repeated token.

    Raises InputErrors for a forged organisation, missing or out-of-range answers, and StalePage when the
    person's record changed after the form was opened.
    """
    if str(posted_organisation) != str(organisation.pk):
        raise InputErrors(Problem(_("The form was for a different organisation, so nothing was saved."),
                                  column="organisation", fix=_("Open the form again from your organisation's pages.")))
    existing = Reading.objects.filter(token=token).select_related("person").first()
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise InputErrors(Problem(_("This form token belongs to another organisation."), column="token",
                                      fix=_("Open the form again.")))
        return existing, False
    if person.status != Person.Status.ACTIVE:
        raise InputErrors(Problem(_("This person withdrew consent; no new readings can be added."), column="person"))
    if not has_consent(person):
        raise InputErrors(Problem(_("Consent has not been recorded for this person."), column="consent",
                                  fix=_("Record consent first.")))
    if taken_on > timezone.localdate():
        raise InputErrors(Problem(_("The date of the reading is in the future."), column="taken_on",
                                  fix=_("Use today's date or the date written on the paper form.")))
    audience = "child" if person.is_child else "adult"
    questions = bank.select(profiles, audience)
    if not questions:
        raise InputErrors(Problem(_("There are no questions to ask this person."), column="profiles",
                                  fix=_("An administrator can choose your services in the settings.")))
    clean = check_answers(questions, answers, source=_("reading"))
    try:
        with transaction.atomic():
            locked = Person.objects.select_for_update().get(pk=person.pk, organisation=organisation)
            if str(locked.version) != str(version):
                raise StalePage()
            sequence = locked.readings.count()
            reading = Reading.objects.create(
                organisation=organisation, person=locked, sequence=sequence, taken_on=taken_on, language=language,
                audience=audience, source=source, form_reference=form_reference, bank_version=bank.version,
                token=token,
            )
            Answer.objects.bulk_create([Answer(reading=reading, question=q, value=v) for q, v in clean.items()])
            locked.version += 1
            locked.language = language
            locked.save(update_fields=["version", "language"])
    except IntegrityError:
        # the same token arrived twice at once: the other request saved it
        existing = Reading.objects.filter(token=token, organisation=organisation).first()
        if existing is None:
            raise
        return existing, False
    return reading, True
