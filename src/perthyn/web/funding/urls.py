from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:formula_id>/", views.explore, name="explore"),
    path("<slug:formula_id>/allocation.csv", views.allocation_download, name="allocation_csv"),
    path("<slug:formula_id>/area/<slug:code>/", views.area, name="area"),
    path("<slug:formula_id>/area/<slug:code>/pack.csv", views.pack_csv, name="pack_csv"),
    path("<slug:formula_id>/area/<slug:code>/pack.pdf", views.pack_pdf, name="pack_pdf"),
]
