"""A round of the index (one year), each council's response to it, and the answers with evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perthyn.web.core.models import Organisation


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        LOCKED = "locked", _("Locked")
        PUBLISHED = "published", _("Published")

    year = models.PositiveIntegerField(_("year"), unique=True)
    questionnaire = models.CharField(max_length=80, default="lmii-default")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    locked_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Demo round whose answers are synthetic.")
    # frozen when the round is published (perthyn.index.results.RoundResults.to_dict): what its pages show
    results_snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Response(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="index_responses")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_response_per_round")]
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.round} · {self.organisation}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=80)
    # an option id, "not_applicable", "dont_know", or empty when unanswered
    value = models.CharField(max_length=40, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        ordering = ["id"]
