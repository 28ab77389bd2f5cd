"""URL configuration."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from config.health import health
from config.lockout import LockoutAdminAuthenticationForm
from governance.admin.history import deleted_records_view
from governance.admin.mixins import view_on_site
from meetings.admin.desk import desk_index_view

admin.site.login_form = LockoutAdminAuthenticationForm


class AdminLoginView(LoginView):
    """The admin's login page, as AdminSite.login builds it, except where it leads.

    Django's LoginView drops a ``?next=`` it finds unsafe (another host or scheme) and then goes
    to LOGIN_REDIRECT_URL, ``/accounts/profile/``, a page this site does not have: here an absent
    or unsafe ``next`` leads to the admin index. A safe ``next`` is followed as before.
    """

    authentication_form = LockoutAdminAuthenticationForm
    template_name = "admin/login.html"

    def get_default_redirect_url(self) -> str:
        return reverse("admin:index")

    def dispatch(self, request, *args, **kwargs):
        request.current_app = admin.site.name
        if request.method == "GET" and admin.site.has_permission(request):
            # Already logged in, as AdminSite.login does.
            return HttpResponseRedirect(reverse("admin:index"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context.get(self.redirect_field_name):
            context[self.redirect_field_name] = self.get_default_redirect_url()
        return {
            **admin.site.each_context(self.request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": self.request.get_full_path(),
            "username": self.request.user.get_username(),
            **context,
        }


urlpatterns = [
    # The public calendar first: feeds are the hottest path and resolve in the fewest steps.
    path("", include("meetings.web.urls")),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("portal/", include("meetings.portal.urls")),
    path("health/", health, name="health"),
    path(
        "admin/deleted-records/",
        admin.site.admin_view(deleted_records_view),
        name="deleted-records",
    ),
    path("admin/login/", AdminLoginView.as_view(), name="admin-login"),
    # Ahead of the admin's own index: the same page with the secretariat's desk on top.
    path("admin/", admin.site.admin_view(desk_index_view), name="admin-desk"),
    # Ahead of the admin's own "r/<content_type_id>/<object_id>/", which checks no permission.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "meetings.web.views.bad_request"
handler404 = "config.middleware.page_not_found"
handler500 = "config.middleware.server_error"
