from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record("login", request=request, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    record("logout", request=request, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept; the password never is.
    record("login_failed", request=request, username=credentials.get("username", ""))
