from django.urls import path, re_path

from . import views

app_name = "publish"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("download/all.zip", views.bulk, name="bulk"),
    re_path(r"^(?P<code>overview|[A-Za-z]\d{8})/profile\.pdf$", views.pdf, name="pdf"),
    re_path(r"^(?P<code>overview|[A-Za-z]\d{8})/datapackage\.json$", views.datapackage, name="datapackage"),
    re_path(r"^(?P<code>overview|[A-Za-z]\d{8})/tables/(?P<table_id>[a-z0-9_-]+)\.(?P<ext>csv|xlsx)$", views.table,
            name="table"),
    path("<str:code>/", views.profile, name="profile"),
]
