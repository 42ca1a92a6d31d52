from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .audit import record


def home(request):
    return render(request, "core/home.html")


def health(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def error_403(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def error_404(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


class PasswordChange(auth_views.PasswordChangeView):
    """Django's own password change (old password checked, validators, session kept), with an audit event.
    Our templates are named explicitly: the admin app's registration/ templates would win otherwise."""

    template_name = "core/password_change_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        record("password_changed", request=self.request, actor=self.request.user)
        return response
