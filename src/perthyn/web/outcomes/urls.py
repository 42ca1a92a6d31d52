from django.urls import path

from . import views

app_name = "outcomes"

o = "o/<slug:slug>/"
urlpatterns = [
    path("", views.index, name="index"),
    path(o, views.org_home, name="org"),
    path(o + "people/new/", views.person_new, name="person_new"),
    path(o + "people/<str:code>/", views.person_detail, name="person"),
    path(o + "people/<str:code>/consent/", views.consent, name="consent"),
    path(o + "people/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path(o + "people/<str:code>/reading/", views.reading_new, name="reading"),
    path(o + "paper/", views.paper, name="paper"),
    path(o + "form.pdf", views.form_print, name="form_pdf"),
    path(o + "audio/<int:pk>/", views.audio, name="audio"),
    path(o + "distance/", views.distance, name="distance"),
    path(o + "export.<str:fmt>", views.export, name="export"),  # csv or xlsx
    path(o + "xlsform.xlsx", views.xlsform, name="xlsform"),
    path(o + "returns/", views.returns, name="returns"),
    path(o + "settings/", views.org_settings, name="settings"),
    path(o + "questions/", views.bank_list, name="bank"),
    path(o + "questions/upload/", views.bank_upload, name="bank_upload"),  # before <qid>: "upload" is no question
    path(o + "questions/<str:qid>/", views.bank_question, name="bank_question"),
    path("network/<slug:slug>/", views.network, name="network"),
    path("network/<slug:slug>/returns/<int:pk>.<str:fmt>", views.network_return, name="network_return"),
]
