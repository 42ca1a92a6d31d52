from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("perthyn.web.core.urls")),
    path("framework/", include("perthyn.web.framework.urls")),
    path("people/", include("perthyn.web.people.urls")),
    path("estimate/", include("perthyn.web.estimate.urls")),
    path("index/", include("perthyn.web.index.urls")),
    path("outcomes/", include("perthyn.web.outcomes.urls")),
    path("funding/", include("perthyn.web.funding.urls")),
    path("profiles/", include("perthyn.web.publish.urls")),
]

handler403 = "perthyn.web.core.views.error_403"
handler404 = "perthyn.web.core.views.error_404"
