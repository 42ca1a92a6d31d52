from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


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
