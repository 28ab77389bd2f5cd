"""The secretariat's admin asks for a second factor (TOTP, django-otp): a staff account signed in
with its password alone is sent to enter its code (or to set up its app) before any admin page.

A middleware, so that no admin view, the project's own included, can forget it; the login and
logout pages are left open, and the code pages are the portal's (meetings.portal.accounts).
SECRETARIAT_SECOND_FACTOR=false turns it off (a deployment that signs staff in through a single
sign-on with its own second factor).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_code(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('portal:two-factor')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request: HttpRequest) -> bool:
        if not settings.SECRETARIAT_SECOND_FACTOR or not request.path.startswith("/admin/"):
            return False
        if request.path.startswith(OPEN_ADMIN_PATHS):
            return False
        user = request.user
        # is_verified() is django-otp's (OTPMiddleware adds it to request.user).
        verified = getattr(user, "is_verified", lambda: False)()
        return bool(user.is_authenticated and user.is_staff and not verified)
