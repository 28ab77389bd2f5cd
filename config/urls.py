"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from config.health import health
from config.lockout import LockoutAdminAuthenticationForm
from governance.admin_history import deleted_records_view

admin.site.login_form = LockoutAdminAuthenticationForm

urlpatterns = [
    # The public calendar first: feeds are the hottest path and resolve in the fewest steps.
    path("", include("meetings.urls")),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("health/", health, name="health"),
    path(
        "admin/deleted-records/",
        admin.site.admin_view(deleted_records_view),
        name="deleted-records",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "meetings.views.bad_request"
handler500 = "config.middleware.server_error"
