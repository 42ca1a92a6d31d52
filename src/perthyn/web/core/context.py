from django.conf import settings


def site(request):
    return {"RTL_LANGUAGES": settings.RTL_LANGUAGES}
