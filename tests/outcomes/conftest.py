"""Fixtures for the outcomes tests: two organisations with a user in every role, and a network."""

from __future__ import annotations

import pytest
from outcomes_helpers import ROLES


@pytest.fixture
def orgs(db):
    """Organisations A and B (charities) and network N; users '<org>-<role>' for every role."""
    from django.contrib.auth import get_user_model

    from perthyn.web.core.models import Membership, Organisation

    User = get_user_model()
    out = {}
    net = Organisation.objects.create(name="Network N", slug="net-n", kind=Organisation.Kind.NETWORK)
    for key in ("a", "b"):
        org = Organisation.objects.create(name=f"Org {key.upper()}", slug=f"org-{key}")
        users = {}
        for role in ROLES:
            u = User.objects.create_user(username=f"{key}-{role}")  # tests sign in with force_login
            Membership.objects.create(user=u, organisation=net if role == "funder" and key == "a" else org, role=role)
            users[role] = u
        out[key] = {"org": org, "users": users}
    out["net"] = net
    return out
