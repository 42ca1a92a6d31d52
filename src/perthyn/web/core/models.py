"""Organisations, memberships with roles, and the audit log shared by every job."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CHARITY = "charity", _("Charity or community group")
        COUNCIL = "council", _("Local authority")
        NETWORK = "network", _("Network or funder")
        PUBLISHER = "publisher", _("Index publisher")
        GOVERNMENT = "government", _("Government analysts")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CHARITY)
    # GSS code (W06...) when the organisation is, or belongs to, a local authority.
    area_code = models.CharField(_("area code"), max_length=9, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation administrator")
        CASEWORKER = "caseworker", _("Caseworker")
        VIEWER = "viewer", _("Viewer")
        FUNDER = "funder", _("Network or funder")
        OFFICER = "officer", _("Local authority officer")
        PUBLISHER = "publisher", _("Index publisher")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.role}"


class AuditEvent(models.Model):
    """Append-only: who did what to which object, when. Never holds personal answers."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"
