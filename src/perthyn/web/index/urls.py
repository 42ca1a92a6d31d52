from django.urls import path

from . import views

app_name = "index"

urlpatterns = [
    path("", views.index, name="index"),
    path("officers/", views.officers, name="officers"),
    path("officers/<int:pk>/deactivate/", views.officer_deactivate, name="officer_deactivate"),
    path("<int:year>/", views.results, name="results"),
    path("<int:year>/download.<str:fmt>", views.download, name="download"),
    path("<int:year>/authority/<str:area_code>/", views.scorecard, name="scorecard"),
    path("<int:year>/respond/<slug:slug>/", views.respond, name="respond"),
    path("<int:year>/review/", views.review, name="review"),
    path("<int:year>/review/<slug:slug>/", views.review_response, name="review_response"),
    path("<int:year>/import/", views.import_sheet, name="import"),
    path("<int:year>/<str:action>/", views.round_action, name="round_action"),
]
