"""Public pages and API reads served from memory until the calendar data changes.

Every write to governance or calendar data bumps the data version (as for feeds), and every
worker learns it over Redis pub/sub without a round trip. An anonymous GET of a public page
(views marked with PAGE_CACHE) or of the API is kept per process; the next request that would
get the same response is answered from memory with no SQL. Signed-in users (a session cookie)
and token clients always get a fresh render, since what they may see differs.

Two middleware, placed as Django's UpdateCacheMiddleware and FetchFromCacheMiddleware are:
- PageStoreUpdateMiddleware, first, keeps a response with the headers every middleware gave it;
- PageStoreFetchMiddleware, after authentication and every middleware that adds headers, answers
  from memory, so an API replay still goes through the view's throttles and the middleware
  around it add their headers to a replay as to a fresh response: a replay's headers are a
  fresh one's.

The key is the URL (scheme and host too: API responses carry absolute links), the language, the
data version, the day, and, as Django's cache does (django.utils.cache.learn_cache_key), the
request headers the response varies on (Vary: Accept, Cookie...), learned from the first response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework.settings import api_settings

from meetings.feedversion import BodyStore
from meetings.selectors import feeds

STORE_BYTES = 32 * 1024 * 1024

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


@dataclass(frozen=True)
class Kept:
    headers: dict[str, str]
    body: bytes
    throttles: tuple[type, ...]  # the view's throttle classes, asked again on every replay

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body, headers=self.headers)
        # The fresh response had no X-Frame-Options: its view was exempt; so is the replay.
        response.xframe_options_exempt = "X-Frame-Options" not in response
        return response


# "vary|" + base key -> the request headers (META names) its responses vary on;
# full key -> Kept.
_store = BodyStore(STORE_BYTES)


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER)
        and not request.path.endswith(".ics")
    )


def _base_key(request: HttpRequest, version: int) -> str:
    return "|".join(
        [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            str(version),
            timezone.localdate().isoformat(),
        ]
    )


def _varies_on(response: HttpResponse) -> tuple[str, ...] | None:
    """The request headers (as META names) named in Vary; None for `Vary: *` (never kept).
    Accept-Language is left out as Django's cache leaves it out: the language is in the key."""
    names = [name.strip() for name in response.get("Vary", "").split(",") if name.strip()]
    if "*" in names:
        return None
    metas = {"HTTP_" + name.upper().replace("-", "_") for name in names}
    return tuple(sorted(metas - {"HTTP_ACCEPT_LANGUAGE"}))


def _key(base: str, varies_on: tuple[str, ...], request: HttpRequest) -> str:
    return "|".join([base, *(f"{name}={request.META.get(name, '')}" for name in varies_on)])


def _throttles(request: HttpRequest, response: HttpResponse) -> tuple[type, ...]:
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    if view is not None:
        return tuple(type(throttle) for throttle in view.get_throttles())
    return tuple(api_settings.DEFAULT_THROTTLE_CLASSES) if request.path.startswith("/api/") else ()


def _throttles_allow(request: HttpRequest, kept: Kept) -> bool:
    # A refused request is not counted (DRF's throttles record successes only): it goes on to
    # the view, whose throttle refuses it again and answers DRF's own 429 with Retry-After.
    return all(throttle().allow_request(request, None) for throttle in kept.throttles)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    return request.path.startswith("/api/v1/") or getattr(response, "page_storable", False)


class PageStoreFetchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_STORE or not _eligible(request):
            return self.get_response(request)
        try:
            version = feeds.data_version()
        except Exception:  # Redis and PostgreSQL both unreachable: render (or 503) as usual
            return self.get_response(request)
        base = _base_key(request, version)
        request._page_store_base = base  # for PageStoreUpdateMiddleware: keep what is rendered
        varies_on = _store.get("vary|" + base)
        kept = _store.get(_key(base, varies_on, request)) if varies_on is not None else None
        if kept is not None and _throttles_allow(request, kept):
            request._page_store_base = None  # a replay: nothing new to keep
            return kept.response()
        return self.get_response(request)


class PageStoreUpdateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        base = getattr(request, "_page_store_base", None)
        if base is None or not _storable(request, response):
            return response
        varies_on = _varies_on(response)
        if varies_on is None:
            return response
        kept = Kept(dict(response.items()), response.content, _throttles(request, response))
        _store.put("vary|" + base, varies_on, size=len(base) + 64)
        _store.put(_key(base, varies_on, request), kept, size=len(kept.body))
        return response


def reset() -> None:
    """For tests: forget what this process holds."""
    _store.clear()
