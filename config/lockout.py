"""Admin login lockout, by django-axes: after LOGIN_FAILURE_LIMIT failures from one address, or
for one account, logins are refused for LOGIN_LOCKOUT_SECONDS. Axes counts in the cache (Redis in
production, AxesCacheHandler), so every server process sees the same counts. The settings
(config/settings.py, AXES_*) point here for what axes cannot read from them directly."""

from __future__ import annotations

import datetime as dt
from typing import cast

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest | None) -> str:
    """The client's address by the API throttle's own rule (DRF's get_ident): the peer address,
    or behind NUM_PROXIES proxies (TRUSTED_PROXY_COUNT) the address that many hops from the end
    of X-Forwarded-For. One rule, so the lockout (AXES_CLIENT_IP_CALLABLE), the throttle and the
    rate limits agree; django-ipware's proxy_count counts hops differently (it wants the client
    and each proxy in the header, where DRF counts the peer as the last proxy)."""
    if request is None:
        return "unknown"
    # get_ident reads only request.META, which a Django request has as DRF's does.
    return BaseThrottle().get_ident(cast(Request, request)) or "unknown"


def failure_limit(request: HttpRequest | None, credentials: dict | None) -> int:
    """AXES_FAILURE_LIMIT, read from LOGIN_FAILURE_LIMIT at each attempt."""
    return settings.LOGIN_FAILURE_LIMIT


def lockout_time(request: HttpRequest | None) -> dt.timedelta:
    """AXES_COOLOFF_TIME, read from LOGIN_LOCKOUT_SECONDS at each attempt."""
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def login_page_again(
    request: HttpRequest, response: HttpResponse, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the failure that reaches the limit gets the login page as any
    failure does; the next attempt is refused by the form below, saying why."""
    return response


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, refusing before the password is even checked while locked."""

    def clean(self):
        credentials = {"username": self.cleaned_data.get("username") or ""}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise ValidationError(
                "Too many failed logins from this address or for this account. "
                f"Try again in {minutes} minutes.",
                code="locked",
            )
        return super().clean()
