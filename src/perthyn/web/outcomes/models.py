"""Outcomes data, held per organisation. Names and contact details sit in their own table and never leave it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from perthyn.web.core.models import Organisation

LANGS = settings.QUESTIONNAIRE_LANGUAGES


class OutcomeSettings(models.Model):
    """What an organisation runs: service profiles, follow-up intervals, children's age limit, its network."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="outcome_settings")
    profiles = models.JSONField(_("service profiles"), default=list, blank=True)
    follow_up_months = models.JSONField(_("follow-up intervals (months)"), default=list)
    child_age_limit = models.PositiveSmallIntegerField(_("children's questions for people under"), default=16)
    network = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="member_settings", verbose_name=_("network or funder"))

    def intervals(self) -> list[int]:
        return sorted(int(m) for m in (self.follow_up_months or [3, 6, 12]))


class Person(models.Model):
    """A person supported, known only by a code. The organisation's own reference is kept as a keyed hash."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ANONYMISED = "anonymised", _("Anonymised")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="outcome_people")
    code = models.CharField(max_length=16)
    reference_hash = models.CharField(max_length=64, blank=True)
    language = models.CharField(_("language for questions"), max_length=8, choices=LANGS, default="en")
    is_child = models.BooleanField(_("under the children's age limit"), default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1)  # optimistic lock: bumped by every change
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # the add-person form's one-time token
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="outcomes_person_code_unique"),
            models.UniqueConstraint(fields=["organisation", "reference_hash"], condition=~Q(reference_hash=""),
                                    name="outcomes_person_reference_unique"),
        ]
        ordering = ["code"]

    def __str__(self):
        return self.code


class ContactDetails(models.Model):
    """Optional, kept apart, never exported, deleted on withdrawal."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)


class Consent(models.Model):
    class GivenBy(models.TextChoices):
        SELF = "self", _("The person")
        GUARDIAN = "guardian", _("Parent or guardian")

    class Withdrawal(models.TextChoices):
        ANONYMISE = "anonymise", _("Keep answers without any link to the person")
        DELETE = "delete", _("Delete the person and all their answers")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    language = models.CharField(max_length=8, choices=LANGS)
    purpose_shown = models.TextField()  # the exact text shown, in the person's language
    given_by = models.CharField(max_length=10, choices=GivenBy.choices, default=GivenBy.SELF)
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal = models.CharField(max_length=10, choices=Withdrawal.choices, blank=True)
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # the consent form's one-time token


class Reading(models.Model):
    """One completed questionnaire. Saved whole with its answers, or not at all."""

    class Source(models.TextChoices):
        SCREEN = "screen", _("On screen")
        PAPER = "paper", _("Typed from paper")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="outcome_readings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="readings")
    sequence = models.PositiveSmallIntegerField()  # 0 = baseline
    taken_on = models.DateField(_("date of the reading"))
    language = models.CharField(max_length=8, choices=LANGS)
    audience = models.CharField(max_length=8, default="adult")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SCREEN)
    form_reference = models.CharField(max_length=40, blank=True)
    bank_version = models.CharField(max_length=20)
    token = models.UUIDField(unique=True)  # idempotency: one token, one reading, however often it is posted
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "sequence"], name="outcomes_reading_sequence_unique")]
        ordering = ["person", "sequence"]

    @property
    def is_baseline(self) -> bool:
        return self.sequence == 0


class Answer(models.Model):
    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reading", "question"], name="outcomes_answer_unique")]


class QuestionText(models.Model):
    """An administrator's edit of a question's wording in one language (the bundled bank stays the default)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcome_question_texts")
    question = models.CharField(max_length=60)
    language = models.CharField(max_length=8, choices=LANGS)
    text = models.TextField(blank=True)
    why = models.TextField(blank=True)
    hidden = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "question", "language"],
                                               name="outcomes_question_text_unique")]


def _audio_path(instance, filename):
    ext = (filename.rsplit(".", 1)[-1] if "." in filename else "mp3").lower()[:5]
    return f"outcomes/audio/{instance.organisation_id}/{instance.question}-{instance.language}-{uuid.uuid4().hex[:8]}.{ext}"


class QuestionAudio(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcome_audio")
    question = models.CharField(max_length=60)
    language = models.CharField(max_length=8, choices=LANGS)
    file = models.FileField(upload_to=_audio_path)
    content_type = models.CharField(max_length=60, default="audio/mpeg")
    uploaded = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "question", "language"],
                                               name="outcomes_audio_unique")]


class SentReturn(models.Model):
    """An aggregate return sent to a network or funder: counts and rates only, already gated."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcome_returns_sent")
    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcome_returns_received")
    period_start = models.DateField()
    period_end = models.DateField()
    payload = models.JSONField()  # the return's JSON document
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # the send form's one-time token
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            # one return per organisation, network and period: sending again replaces it
            models.UniqueConstraint(fields=["organisation", "network", "period_start", "period_end"],
                                    name="outcomes_return_period_unique"),
        ]


class OrganisationBank(models.Model):
    """An organisation's own question bank, uploaded by its administrator (YAML, or an XLSForm converted to YAML).

    Stored only after it passed every check of `perthyn.outcomes.bank.parse`; `bank_for` uses it instead of the
    bundled bank. Wording edits, hidden questions and recordings still apply on top, by question id.
    """

    class Kind(models.TextChoices):
        YAML = "yaml", _("Question bank (YAML)")
        XLSFORM = "xlsform", _("XLSForm")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="outcome_bank")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    source_name = models.CharField(max_length=200)
    content = models.TextField()  # the bank as YAML
    bank_id = models.CharField(max_length=80)
    bank_version = models.CharField(max_length=20)
    uploaded = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")


class WithdrawnCode(models.Model):
    """That a code belonged to someone who withdrew consent, so its old address can say so (and nothing else).

    Holds only a keyed hash of the old code, the choice and the date: nothing links it to the anonymised record.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="outcome_withdrawn_codes")
    code_hash = models.CharField(max_length=64)
    choice = models.CharField(max_length=10, choices=Consent.Withdrawal.choices)
    withdrawn_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "code_hash"], name="outcomes_withdrawn_code_unique")]
