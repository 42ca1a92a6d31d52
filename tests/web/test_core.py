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


def test_password_change_checks_the_old_password_and_is_audited(client, django_user_model):
    from perthyn.web.core.models import AuditEvent

    user = django_user_model.objects.create_user("officer9", password="initial-Pass-2026")
    assert client.get("/accounts/password/").status_code == 302  # signed-out users go to sign in
    client.force_login(user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and b'name="old_password"' in page.content
    bad = client.post("/accounts/password/", {"old_password": "wrong-one", "new_password1": "New-Pass-9182x",
                                              "new_password2": "New-Pass-9182x"})
    assert bad.status_code == 200 and b'role="alert"' in bad.content
    user.refresh_from_db()
    assert user.check_password("initial-Pass-2026")  # nothing changed
    ok = client.post("/accounts/password/", {"old_password": "initial-Pass-2026", "new_password1": "New-Pass-9182x",
                                             "new_password2": "New-Pass-9182x"})
    assert ok.status_code == 302 and ok["Location"].endswith("/accounts/password/done/")
    user.refresh_from_db()
    assert user.check_password("New-Pass-9182x") and not user.check_password("initial-Pass-2026")
    event = AuditEvent.objects.get(action="password_changed")
    assert event.actor == user and "New-Pass" not in str(event.detail)
