"""Rate limits on what anonymous clients can make the server do: send mail, create feeds.

Counting is django-ratelimit's (fixed windows in the shared cache, keys hashed, so no address
is stored in the clear). The client is the address the project's one trusted-proxy rule gives
(``config.lockout.client_address``, honouring TRUSTED_PROXY_COUNT), never a raw header.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from config.lockout import client_address
from config.middleware import SERVICE_ERRORS

logger = logging.getLogger(__name__)

# Confirmation messages to one address: enough for a typo and a change of mind, not a flood.
CONFIRMATIONS_PER_ADDRESS = 3
CONFIRMATIONS_PER_ADDRESS_RATE = f"{CONFIRMATIONS_PER_ADDRESS}/h"
# Subscribe requests (each one a message) and personal feeds created, per client address.
SUBSCRIBES_PER_CLIENT_RATE = "10/h"
PERSONAL_FEEDS_PER_CLIENT_RATE = "10/h"
RETRY_AFTER_SECONDS = 3600  # the windows are an hour; the page says "in an hour"


def _by_client(_group: str, request: HttpRequest) -> str:
    return client_address(request)


def limited(request: HttpRequest, *, group: str, rate: str, value: str | None = None) -> bool:
    """Count one more action in ``group`` (per client, or per ``value``); True once past ``rate``.

    It fails open, like the API throttle: while the cache is down nobody is refused.
    """
    key = _by_client if value is None else (lambda _group, _request: value)
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except SERVICE_ERRORS:
        logger.warning("rate limit %s not counted: cache unreachable", group)
        return False


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """429 in the client's language, with when to come back."""
    response = render(
        request,
        "meetings/too_many_requests.html",
        status=429,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
