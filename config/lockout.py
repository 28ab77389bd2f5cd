"""Admin login lockout: after LOGIN_FAILURE_LIMIT failures from one address, or for one account,
logins are refused for LOGIN_LOCKOUT_SECONDS. Counters live in the cache (Redis in production),
so every server process sees them."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest | None) -> str:
    """The client's address by the API throttle's own rule (DRF's get_ident): the peer address,
    or behind NUM_PROXIES proxies (TRUSTED_PROXY_COUNT) the address that many hops from the end
    of X-Forwarded-For. One rule, so the lockout, the throttle and the rate limits agree."""
    if request is None:
        return "unknown"
    return BaseThrottle().get_ident(request) or "unknown"


def _keys(address: str, username: str) -> list[str]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-failures:ip:{address}", f"login-failures:user:{account}"]


def is_locked(address: str, username: str) -> bool:
    try:
        counts = cache.get_many(_keys(address, username))
    except Exception:  # the cache is down: do not lock everyone out; logins still need passwords
        logger.warning("login lockout unavailable: cache unreachable")
        return False
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())


def record_failure(address: str, username: str) -> None:
    for key in _keys(address, username):
        try:
            cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
            cache.incr(key)
            cache.touch(key, settings.LOGIN_LOCKOUT_SECONDS)
        except Exception:
            logger.warning("login failure not counted: cache unreachable")


def clear(address: str, username: str) -> None:
    try:
        cache.delete_many(_keys(address, username))
    except Exception:
        logger.warning("login failures not cleared: cache unreachable")


@receiver(user_login_failed, dispatch_uid="lockout-count-failure")
def _count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    record_failure(client_address(request), str(credentials.get("username", "")))


@receiver(user_logged_in, dispatch_uid="lockout-clear-on-success")
def _clear_on_success(sender, request: HttpRequest | None, user, **kwargs) -> None:
    clear(client_address(request), user.get_username())


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, refusing before the password is even checked while locked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_locked(client_address(self.request), username):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise ValidationError(
                "Too many failed logins from this address or for this account. "
                f"Try again in {minutes} minutes.",
                code="locked",
            )
        return super().clean()
