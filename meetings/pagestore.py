"""Public pages and API reads served from memory until the calendar data changes.

Every write to governance or calendar data bumps the data version (as for feeds), and every
worker learns it over Redis pub/sub without a round trip. An anonymous GET of a public page
(views marked with PAGE_CACHE) or of the API is kept per process, keyed by the full
path, the language, the data version and the day; the next identical request is answered from
memory with no SQL. Signed-in users (a session cookie) and token clients always get a fresh
render, since what they may see differs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from . import feeds
from .feedversion import BodyStore

STORE_BYTES = 32 * 1024 * 1024
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Vary", "Content-Language", "Allow")

# key -> (headers to replay, body)
_store = BodyStore(STORE_BYTES)


# Feeds keep their own store (with their ETags); the rest is private, a form, or operational.
NEVER = (
    "/feeds/",
    "/admin/",
    "/static/",
    "/health/",
    "/i18n/",
    "/subscribe",
    "/unsubscribe",
    "/api/v1/docs/",
    "/api/v1/schema/",
)


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER)
        and not request.path.endswith(".ics")
    )


def _key(request: HttpRequest, version: int) -> str:
    return "|".join(
        [
            # Scheme and host too: API responses carry absolute links (pagination).
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            str(version),
            timezone.localdate().isoformat(),
        ]
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    return request.path.startswith("/api/v1/") or getattr(response, "page_storable", False)


class PublicPageStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_STORE or not _eligible(request):
            return self.get_response(request)
        try:
            version = feeds.data_version()
        except Exception:  # Redis and PostgreSQL both unreachable: render (or 503) as usual
            return self.get_response(request)
        key = _key(request, version)
        kept = _store.get(key)
        if kept is not None:
            headers, body = kept
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
            _store.put(key, (headers, response.content), size=len(response.content))
        return response


def reset() -> None:
    """For tests: forget what this process holds."""
    _store.clear()
