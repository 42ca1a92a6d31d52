"""Two councils with an officer each, and the publisher: the accounts the index's web tests start from."""

import pytest
from django.contrib.auth import get_user_model

from perthyn.web.core.models import Membership, Organisation
from perthyn.web.index.models import Round


@pytest.fixture
def world():
    User = get_user_model()
    cardiff = Organisation.objects.create(name="Cardiff", slug="cardiff", kind="council", area_code="W06000015")
    newport = Organisation.objects.create(name="Newport", slug="newport", kind="council", area_code="W06000022")
    pub_org = Organisation.objects.create(name="Publisher", slug="pub", kind="publisher")
    officer = User.objects.create_user("officer", password="pw-officer-1")
    other = User.objects.create_user("other", password="pw-other-1")
    publisher = User.objects.create_user("publisher", password="pw-pub-1")
    Membership.objects.create(user=officer, organisation=cardiff, role="officer")
    Membership.objects.create(user=other, organisation=newport, role="officer")
    Membership.objects.create(user=publisher, organisation=pub_org, role="publisher")
    round_ = Round.objects.create(year=2026)
    return {"cardiff": cardiff, "newport": newport, "officer": officer, "other": other, "publisher": publisher,
            "round": round_}
