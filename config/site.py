"""The absolute base of links that leave the site (feed events, e-mails, API records).

SITE_URL when it is set. Unset (development), a link built for a request takes the scheme, host
and port that request reached (``request.build_absolute_uri``: the Host header, checked against
ALLOWED_HOSTS), so feeds link to the server the reader actually runs; one built with no request
(an e-mail from a Celery task) takes the development server's address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url(request: HttpRequest | None = None) -> str:
    """The base URL, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_SITE_URL
