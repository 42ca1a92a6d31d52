"""The publisher adds and deactivates local-authority officer accounts in the index app."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from perthyn.web.core.models import AuditEvent, Membership, Organisation

pytestmark = pytest.mark.django_db
URL = "/index/officers/"


def _password(html: str) -> str:
    return re.search(r'<code id="initial-password">([^<]+)</code>', html).group(1)


def test_url_name():
    assert reverse("index:officers") == URL


def test_publisher_adds_officer_who_signs_in_and_sees_only_their_council(client, world):
    client.force_login(world["publisher"])
    page = client.get(URL)
    assert page.status_code == 200 and "Cardiff" in page.content.decode() and "officer" in page.content.decode()
    r = client.post(URL, {"username": "cardiff-officer", "email": "lmii@cardiff.example",
                          "council": world["cardiff"].pk})
    assert r.status_code == 200
    assert "no-store" in r.headers["Cache-Control"]
    password = _password(r.content.decode())
    new = get_user_model().objects.get(username="cardiff-officer")
    assert new.email == "lmii@cardiff.example" and new.is_active
    assert password not in new.password and new.check_password(password)  # stored only as a hash
    assert list(Membership.objects.filter(user=new).values_list("organisation__slug", "role")) == [
        ("cardiff", "officer")]
    event = AuditEvent.objects.get(action="index.officer_created")
    assert event.actor == world["publisher"] and event.organisation == world["cardiff"]
    assert password not in str(event.detail)
    # shown once: the page does not show it again
    assert password not in client.get(URL).content.decode()

    officer = Client()
    signed_in = officer.post(reverse("login"), {"username": "cardiff-officer", "password": password})
    assert signed_in.status_code == 302
    home = officer.get(reverse("index:index")).content.decode()
    assert reverse("index:respond", args=[2026, "cardiff"]) in home
    assert reverse("index:respond", args=[2026, "newport"]) not in home
    assert officer.get(reverse("index:respond", args=[2026, "cardiff"])).status_code == 200
    assert officer.get(reverse("index:respond", args=[2026, "newport"])).status_code == 403


def test_officer_and_anonymous_cannot_reach_accounts(client, world):
    assert client.get(URL).status_code == 302  # anonymous: to the sign-in page
    assert client.post(URL, {"username": "x1", "council": world["cardiff"].pk}).status_code == 302
    client.force_login(world["officer"])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"username": "x2", "council": world["cardiff"].pk}).status_code == 403
    target = reverse("index:officer_deactivate", args=[world["officer"].pk])
    assert client.post(target).status_code == 403
    assert not get_user_model().objects.filter(username__in=["x1", "x2"]).exists()
    world["officer"].refresh_from_db()
    assert world["officer"].is_active
    assert not AuditEvent.objects.filter(action__startswith="index.officer").exists()


@pytest.mark.parametrize("username", ["officer", "OFFICER"])
def test_duplicate_username_is_a_form_error_and_nothing_saved(client, world, username):
    client.force_login(world["publisher"])
    users, memberships = get_user_model().objects.count(), Membership.objects.count()
    r = client.post(URL, {"username": username, "council": world["cardiff"].pk})
    assert r.status_code == 400
    html = r.content.decode()
    assert "An account with this username already exists." in html and "initial-password" not in html
    assert get_user_model().objects.count() == users and Membership.objects.count() == memberships
    assert not AuditEvent.objects.filter(action__startswith="index.officer").exists()


def test_invalid_input_is_refused(client, world):
    client.force_login(world["publisher"])
    for data in ({"username": "ok-name", "council": ""},  # no council
                 {"username": "ok-name", "council": Organisation.objects.get(slug="pub").pk},  # not a council
                 {"username": "bad name!", "council": world["cardiff"].pk},
                 {"username": "ok-name", "email": "not-an-email", "council": world["cardiff"].pk}):
        assert client.post(URL, data).status_code == 400
    assert not get_user_model().objects.filter(username="ok-name").exists()


def test_csrf_is_required(world):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world["publisher"])
    assert c.post(URL, {"username": "no-token", "council": world["cardiff"].pk}).status_code == 403
    assert not get_user_model().objects.filter(username="no-token").exists()


def test_publisher_deactivates_an_officer_only(client, world):
    signed_in = Client()
    signed_in.force_login(world["officer"])
    client.force_login(world["publisher"])
    r = client.post(reverse("index:officer_deactivate", args=[world["officer"].pk]))
    assert r.status_code == 302
    world["officer"].refresh_from_db()
    assert not world["officer"].is_active
    event = AuditEvent.objects.get(action="index.officer_deactivated")
    assert event.organisation == world["cardiff"] and event.object_id == str(world["officer"].pk)
    assert Client().post(reverse("login"), {"username": "officer", "password": "pw-officer-1"}).status_code == 200
    assert signed_in.get(reverse("index:respond", args=[2026, "cardiff"])).status_code == 302  # session ended
    # the publisher's own account (not an officer) and an already inactive one are refused
    client.post(reverse("index:officer_deactivate", args=[world["publisher"].pk]))
    client.post(reverse("index:officer_deactivate", args=[world["officer"].pk]))
    world["publisher"].refresh_from_db()
    assert world["publisher"].is_active
    assert AuditEvent.objects.filter(action="index.officer_deactivated").count() == 1
    assert client.get(reverse("index:officer_deactivate", args=[world["officer"].pk])).status_code == 405


def test_officer_is_tied_to_one_council(world):
    from perthyn.web.index import services

    account, _ = services.officer_create(username="solo", email="", council=world["cardiff"],
                                         user=world["publisher"])
    with pytest.raises(services.AccountExists):
        services.officer_create(username="Solo", email="", council=world["newport"], user=world["publisher"])
    assert Membership.objects.filter(user=account).count() == 1
    with pytest.raises(services.NotAllowed):
        services.officer_create(username="pubby", email="", council=Organisation.objects.get(slug="pub"),
                                user=world["publisher"])
    assert not get_user_model().objects.filter(username="pubby").exists()


def test_page_in_welsh(client, world):
    client.force_login(world["publisher"])
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Cyfrifon swyddogion" in html and "Ychwanegu cyfrif swyddog" in html
