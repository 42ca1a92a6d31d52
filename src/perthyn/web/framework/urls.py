from django.urls import path

from . import views

app_name = "framework"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<slug:indicator_id>/", views.indicator, name="indicator"),
    path("schemes/<slug:scheme_id>/", views.scheme, name="scheme"),
    path("gaps/", views.gaps, name="gaps"),
]
