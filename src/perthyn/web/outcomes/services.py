"""Writes (HackSoft style): each is atomic, keyword-only, and takes the organisation it acts for."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import tempfile
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perthyn.errors import InputErrors, Problem
from perthyn.outcomes import bank as bank_mod
from perthyn.outcomes.bank import Bank
from perthyn.text import Text
from perthyn.outcomes.scoring import check_answers

from .models import (
    Answer,
    Consent,
    ContactDetails,
    OrganisationBank,
    OutcomeSettings,
    Person,
    QuestionText,
    Reading,
    SentReturn,
    WithdrawnCode,
)

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I/L, 5/S, 8/B, 2/Z)


# The scoring core's messages (perthyn.outcomes.scoring.MESSAGES), marked here so they are translated.
SCORING_MESSAGES = {
    "unknown": gettext_lazy("'%(question)s' is not a question on this form"),
    "unknown_fix": gettext_lazy("remove it or use the current form"),
    "missing": gettext_lazy("no answer to '%(question)s'"),
    "missing_fix": gettext_lazy("tick one answer"),
    "not_an_answer": gettext_lazy("'%(value)s' is not one of the answers"),
    "outside": gettext_lazy("%(value)s is outside the answers for '%(question)s'"),
    "use_one_of": gettext_lazy("use one of %(values)s"),
    "title": gettext_lazy("the reading was not saved"),
}


class StalePage(Exception):
    """The person's record changed after the page was opened."""


def settings_for(organisation) -> OutcomeSettings:
    obj, _created = OutcomeSettings.objects.get_or_create(
        organisation=organisation,
        defaults={"profiles": [p for p in bank_mod.load().profiles if p != "core"], "follow_up_months": [3, 6, 12]},
    )
    return obj


_BANKS: dict = {}  # organisation pk -> ((upload pk, uploaded at), parsed Bank): parse an upload once per change


def base_bank_for(organisation) -> Bank:
    """The organisation's uploaded question bank, or the bundled one; without wording edits."""
    own = OrganisationBank.objects.filter(organisation=organisation).only("pk", "uploaded").first()
    if own is None:
        return bank_mod.load()
    key = (own.pk, own.uploaded)
    cached = _BANKS.get(organisation.pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    own = OrganisationBank.objects.get(pk=own.pk)
    bank = bank_mod.parse(yaml.safe_load(own.content), source=own.source_name)
    _BANKS[organisation.pk] = (key, bank)
    return bank


def _yaml_doc(name: str, content: bytes):
    """Read uploaded YAML keeping line numbers (the same reader as bundled definitions); InputErrors if unreadable."""
    from perthyn.errors import Collector
    from perthyn.yamlfile import read as read_yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.yaml"
        path.write_bytes(content)
        problems = Collector(file=name)
        doc = read_yaml(path, problems, label=name)
    if doc is None:
        raise InputErrors(problems.problems, _("%(name)s is not valid YAML") % {"name": name})
    if not isinstance(doc.data, dict):
        raise InputErrors(Problem(_("The file does not hold a question bank."), file=name,
                                  fix=_("Start from the bundled question_bank.yaml and change it.")))
    return doc


MAX_BANK_BYTES = 2 * 1024 * 1024


def bank_upload(*, organisation, filename: str, content: bytes, user=None) -> OrganisationBank:
    """Check an uploaded question bank (YAML or XLSForm) with every rule of the bundled one and keep it.

    Raises InputErrors naming file, line and field for every problem; nothing is saved then.
    """
    from perthyn.outcomes.paper import PROFILE_CODES
    from perthyn.outcomes.xlsform import import_bank

    name = Path(filename or "upload").name
    lower = name.lower()
    if len(content) > MAX_BANK_BYTES:
        raise InputErrors(Problem(_("The file is larger than 2 MB."), file=name, fix=_("Upload the question bank only.")))
    framework = bank_mod._framework()
    if lower.endswith((".yaml", ".yml")):
        doc = _yaml_doc(name, content)
        bank = bank_mod.parse(doc, source=name, framework=framework)
        text, kind = content.decode("utf-8"), OrganisationBank.Kind.YAML
    elif lower.endswith(".xlsx"):
        try:
            raw, bank = import_bank(name, content=content, framework=framework)
        except InputErrors:
            raise
        except Exception:  # noqa: BLE001 - not a workbook at all (openpyxl raises many kinds)
            raise InputErrors(Problem(_("The file is not an Excel workbook (.xlsx)."), file=name,
                                      fix=_("Save the XLSForm as .xlsx and upload it again.")))
        text, kind = bank_mod.dump(raw), OrganisationBank.Kind.XLSFORM
    else:
        raise InputErrors(Problem(_("Upload a question bank as YAML (.yaml) or an XLSForm (.xlsx)."), file=name,
                                  fix=_("Choose a .yaml or .xlsx file.")))
    unknown = sorted(set(bank.profiles) - set(PROFILE_CODES))
    if unknown:
        raise InputErrors(Problem(
            _("Service profiles %(ids)s cannot be printed in a form reference.") % {"ids": ", ".join(unknown)},
            file=name, column="profiles", fix=_("Use the profile ids %(ids)s.") % {"ids": ", ".join(PROFILE_CODES)}))
    with transaction.atomic():
        own, _created = OrganisationBank.objects.update_or_create(organisation=organisation, defaults={
            "kind": kind, "source_name": name, "content": text, "bank_id": bank.id, "bank_version": bank.version,
            "uploaded_by": user if getattr(user, "is_authenticated", False) else None})
        conf = settings_for(organisation)
        kept = [p for p in conf.profiles if p in bank.profiles]
        if kept != conf.profiles:
            conf.profiles = kept
            conf.save(update_fields=["profiles"])
    return own


def bank_reset(*, organisation) -> None:
    """Go back to the bundled question bank."""
    OrganisationBank.objects.filter(organisation=organisation).delete()
    _BANKS.pop(organisation.pk, None)


def bank_for(organisation) -> Bank:
    """The organisation's bank (uploaded, else bundled) with its edits (wording per language, hidden questions)."""
    base = base_bank_for(organisation)
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


def code_hash(organisation, code: str) -> str:
    """Keyed hash of a person's code, to remember that a withdrawn code existed without keeping the code."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"withdrawn:{organisation.pk}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _as_uuid(token) -> uuid.UUID | None:
    """A posted one-time token, or None when it is missing or not a UUID (then the form is not idempotent)."""
    if not token:
        return None
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        return None


def _made_with_token(objects, token, organisation_id, owner=lambda obj: obj.organisation_id):
    """What a repeated one-time token already saved (None if nothing); a token of another organisation is refused."""
    if token is None:
        return None
    existing = objects.filter(token=token).first()
    if existing is not None and owner(existing) != organisation_id:
        raise InputErrors(Problem(_("This form token belongs to another organisation."), column="token",
                                  fix=_("Open the form again.")))
    return existing


@transaction.atomic
def person_create(*, organisation, language: str, age: int | None = None, is_child: bool = False,
                  reference: str = "", name: str = "", phone: str = "", email: str = "",
                  token=None) -> tuple[Person, bool]:
    """Add a person; returns (person, created). A repeated one-time token returns the person it already made.

    Given an age, the person is a child when it is under the organisation's children's age limit. Only that
    (is_child) is stored: neither the age nor a date of birth is kept.
    """
    if age is not None:
        is_child = int(age) < settings_for(organisation).child_age_limit
    token = _as_uuid(token)
    existing = _made_with_token(Person.objects, token, organisation.pk)
    if existing is not None:
        return existing, False
    ref_hash = reference_hash(organisation, reference) if reference.strip() else ""
    if ref_hash and Person.objects.filter(organisation=organisation, reference_hash=ref_hash).exists():
        raise InputErrors(Problem(_("This reference is already registered."), column="reference",
                                  fix=_("Find the person in the list, or leave the reference blank.")))
    for _attempt in range(10):
        code = _new_code()
        if not Person.objects.filter(organisation=organisation, code=code).exists():
            break
    try:
        with transaction.atomic():
            person = Person.objects.create(organisation=organisation, code=code, reference_hash=ref_hash,
                                           language=language, is_child=is_child, token=token)
    except IntegrityError:
        # the same token arrived twice at once: the other request made the person
        existing = Person.objects.filter(organisation=organisation, token=token).first() if token else None
        if existing is None:
            raise
        return existing, False
    if name or phone or email:
        ContactDetails.objects.create(person=person, name=name, phone=phone, email=email)
    return person, True


@transaction.atomic
def consent_record(*, person: Person, language: str, given_by: str, bank: Bank, token=None) -> tuple[Consent, bool]:
    """Record consent; returns (consent, created). A child's consent must come from a parent or guardian."""
    if person.is_child and given_by != Consent.GivenBy.GUARDIAN:
        raise InputErrors(Problem(_("A child needs a parent's or guardian's consent."), column="given_by",
                                  fix=_("Ask the parent or guardian, and record their consent.")))
    token = _as_uuid(token)
    existing = _made_with_token(Consent.objects.select_related("person"), token, person.organisation_id,
                                owner=lambda c: c.person.organisation_id)
    if existing is not None:
        return existing, False
    text = bank.consent["guardian" if given_by == Consent.GivenBy.GUARDIAN else "purpose"].get(language)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(person=person, language=language, purpose_shown=text, given_by=given_by,
                                             token=token)
    except IntegrityError:
        existing = Consent.objects.filter(person=person, token=token).first() if token else None
        if existing is None:
            raise
        return existing, False
    return consent, True


def has_consent(person: Person) -> bool:
    consents = person.consents.filter(withdrawn_at__isnull=True)
    if person.is_child:
        return consents.filter(given_by=Consent.GivenBy.GUARDIAN).exists()
    return consents.exists()


@transaction.atomic
def consent_withdraw(*, person: Person, choice: str) -> None:
    """Anonymise (drop contact details and reference, give a new code, keep answers) or delete everything."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    WithdrawnCode.objects.update_or_create(
        organisation_id=person.organisation_id, code_hash=code_hash(person.organisation, person.code),
        defaults={"choice": choice, "withdrawn_on": timezone.localdate()})
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
    existing = _made_with_token(Reading.objects, token, organisation.pk)
    if existing is not None:
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
    ui = "cy" if (get_language() or "en").startswith("cy") else "en"
    clean = check_answers(questions, answers, source=_("reading"), messages=SCORING_MESSAGES,
                          label=lambda q: q.text.get(ui))
    try:
        with transaction.atomic():
            locked = Person.objects.select_for_update().get(pk=person.pk, organisation=organisation)
            # Two clicks can both pass the check above before either holds the lock: look again now that we
            # hold it, so the second is answered "already saved" rather than "someone else changed this".
            again = _made_with_token(Reading.objects, token, organisation.pk)
            if again is not None:
                return again, False
            if str(locked.version) != str(version):
                raise StalePage()
            baseline = locked.readings.order_by("sequence").first()
            if baseline is not None and taken_on < baseline.taken_on:
                raise InputErrors(Problem(
                    _("The date of this follow-up (%(date)s) is before the baseline reading (%(baseline)s).")
                    % {"date": taken_on.isoformat(), "baseline": baseline.taken_on.isoformat()}, column="taken_on",
                    fix=_("Check the date: a follow-up is taken after the baseline.")))
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


@transaction.atomic
def return_send(*, organisation, network, period_start: date, period_end: date, payload: dict,
                token=None) -> tuple[SentReturn, str]:
    """Send (or send again) the return for a period: one per organisation, network and period.

    Returns (sent, outcome) with outcome "sent", "replaced" (an earlier return for the same period was
    replaced) or "repeat" (the same one-time token again: nothing was done).
    """
    token = _as_uuid(token)
    existing = _made_with_token(SentReturn.objects, token, organisation.pk)
    if existing is not None:
        return existing, "repeat"
    sent, created = SentReturn.objects.update_or_create(
        organisation=organisation, network=network, period_start=period_start, period_end=period_end,
        defaults={"payload": payload, "token": token},
    )
    return sent, "sent" if created else "replaced"
