from django.urls import path

from perthyn.web.people import views

app_name = "people"

urlpatterns = [
    path("glossary/", views.glossary, name="glossary"),
    path("who/", views.who, name="who"),
]
