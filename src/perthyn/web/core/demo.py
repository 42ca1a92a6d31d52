"""The demo organisation and account that `perthyn demo` creates."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Organisation

DEMO_ORG_SLUG = "demo-cardiff-welcome"


@transaction.atomic
def seed(*, username: str, password: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=DEMO_ORG_SLUG,
        defaults={"name": "Cardiff Welcome (demo organisation)", "kind": Organisation.Kind.CHARITY, "area_code": "W06000015"},
    )
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True, "is_superuser": True})
    if created:
        user.set_password(password)
        user.save()
    for role in (Membership.Role.ADMIN, Membership.Role.CASEWORKER):
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return org
