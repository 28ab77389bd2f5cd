"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The public calendar first: feeds are the hottest path and resolve in the fewest steps.
    path("", include("meetings.urls")),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "meetings.views.bad_request"
