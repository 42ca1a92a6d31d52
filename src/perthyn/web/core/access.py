"""Who may see what: the one place views ask about a user's organisations and roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Membership, Organisation


def memberships(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def organisations_for(user, roles=None):
    qs = memberships(user)
    if roles:
        qs = qs.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=qs.values("organisation_id"))


def require_role(user, organisation: Organisation, roles) -> Membership:
    """Return the membership giving one of `roles` in `organisation`, or refuse with 403."""
    m = memberships(user).filter(organisation=organisation, role__in=list(roles)).first()
    if m is None:
        raise PermissionDenied
    return m
