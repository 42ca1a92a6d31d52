import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from perthyn.web.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_home_lists_every_job(client):
    html = client.get("/").content.decode()
    for name in ["framework:index", "publish:index", "estimate:index", "index:index", "outcomes:index", "funding:index"]:
        assert f'href="{reverse(name)}"' in html


def test_welsh_switch_sets_language_and_translates(client):
    r = client.post("/i18n/setlang/", {"language": "cy", "next": "/"}, follow=True)
    html = r.content.decode()
    assert 'lang="cy"' in html
    assert "Fframwaith" in html  # "Framework" in Welsh
    assert ">English<" in html  # the switch now offers English back


def test_password_is_hashed_and_failed_logins_are_throttled_and_audited(client, settings):
    User = get_user_model()
    User.objects.create_user("officer", password="correct horse battery")
    stored = User.objects.get(username="officer").password
    assert stored.startswith("pbkdf2_sha256$") and "correct horse" not in stored
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    # Even the right password is refused once the account is locked.
    r = client.post("/accounts/login/", {"username": "officer", "password": "correct horse battery"})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", detail__username="officer").count() >= settings.AXES_FAILURE_LIMIT


def test_csrf_is_enforced_on_login(db):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    assert c.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


def test_unknown_page_is_a_friendly_404(client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404
