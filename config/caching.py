"""Caching: the data version, and Django's cache framework for anonymous reads.

The data version names the state of the public data (what a page, a feed or the API shows). It
lives in the default cache (Redis in production: one value for every process on every host), and
every change of that data calls ``data_version_bump()``. Everything cached is keyed on it, so a
change makes every copy unreachable at once, everywhere, with nothing to delete; old entries age
out of their caches:

- anonymous pages and API reads, in each process's local-memory cache (CACHE_MIDDLEWARE_ALIAS),
  by UpdateCacheMiddleware and FetchFromCacheMiddleware below: Django's pair of the same names,
  placed as Django places them, with the data version and the day as the key prefix;
- built feed bodies, by ETag (meetings/selectors/feeds.py), whose ETags hold the version.

Each process keeps the version it read for DATA_VERSION_TTL seconds (0.2) in its local-memory
cache: a Redis round trip on every request would cost a feed's 304 a tenth of its speed
(README, Benchmarks). Another process's change is therefore seen within that time; the process
that makes a change sees it at once.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control

from config.middleware import SERVICE_ERRORS

VERSION_KEY = "data-version"
LAST_KNOWN_KEY = "data-version:last-known"
# What a browser, proxy or CDN may do with an anonymous page or API read: keep it five minutes,
# then ask again (a 304 from the cache here when nothing changed).
PUBLIC_MAX_AGE = 300


def _local():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def _keep(version: int) -> None:
    _local().set(VERSION_KEY, version, timeout=settings.DATA_VERSION_TTL)
    _local().set(LAST_KNOWN_KEY, version, timeout=None)


def data_version() -> int:
    """The version of the public data, at most DATA_VERSION_TTL seconds old."""
    version = _local().get(VERSION_KEY)
    if version is not None:
        return version
    try:
        version = cache.get(VERSION_KEY)
        if version is None:  # never set, or the cache was lost: any new value will do
            fresh = time.time_ns()
            added = cache.add(VERSION_KEY, fresh, timeout=None)
            version = fresh if added else cache.get(VERSION_KEY, fresh)  # another process's
    except SERVICE_ERRORS:
        # Redis is down: what this process last knew (its feeds stay served), if it knows anything.
        version = _local().get(LAST_KNOWN_KEY)
        if version is None:
            raise
    _keep(version)
    return version


def _publish() -> None:
    # Nanoseconds: unique per change, and the feeds' Last-Modified (hosts keep their clocks by NTP).
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    _keep(version)


def data_version_bump() -> None:
    """Mark the public data changed: now, and again when the current transaction commits.

    Call it in whatever changes what a page, a feed or the API shows. The bump now makes this
    process, and the rest of its transaction, read the new data (a test's transaction never
    commits); the one on commit orphans anything another process built in between from the data
    it could still see. Without Redis, the change fails (a 503) rather than leave caches stale.
    """
    _publish()
    transaction.on_commit(_publish)


def is_signed_in(request: HttpRequest) -> bool:
    """A session cookie or credentials: what this reader sees may be theirs alone."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def _reads_anonymously(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not is_signed_in(request)


def set_cache_policy(request: HttpRequest, response: HttpResponse) -> None:
    """Cache-Control of a view's response (or its 304), for a browser, proxy or CDN in front.

    Signed-in users and token clients: private (no shared cache keeps it) and revalidated on
    every use, so staff see their own edits at once; not no-store, so that a token client keeps
    its ETags and 304s. Anonymous API reads that set no cookie: public for PUBLIC_MAX_AGE, then
    revalidated. Pages and feeds say their own (meetings/web/views.py PAGE_CACHE,
    meetings/web/feed_views.py); so do static files (WhiteNoise answers before a URL is resolved).
    """
    if request.resolver_match is None:
        return
    policy = response.get("Cache-Control", "")
    if is_signed_in(request):
        if "private" not in policy and "no-store" not in policy:
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
    elif (
        _reads_anonymously(request)
        and request.path.startswith("/api/")
        and response.status_code in (200, 304)
        and not response.cookies  # the API's Swagger page sets a CSRF cookie
        and not policy
    ):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)


def page_cache_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Never keep this view's responses in the page cache, public or not (feeds keep their own
    bodies, by ETag, and answer conditional GETs before reading one)."""

    @functools.wraps(view)
    def exempt(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.page_cache_exempt = True  # type: ignore[attr-defined]  # a marker for the middleware, as Django's xframe_options_exempt
        return response

    return exempt


def _storable(response: HttpResponse) -> bool:
    """What a shared cache may keep (public), rendered for no one in particular (no cookie set)."""
    policy = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    vary = {part.strip() for part in response.get("Vary", "").split(",")}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in policy
        and "*" not in vary
        and not getattr(response, "page_cache_exempt", False)
    )


def _kept(response: HttpResponse) -> HttpResponse:
    """The bytes and headers alone: a DRF Response would keep (and unpickle) its data as well."""
    kept = HttpResponse(response.content, status=response.status_code, headers=response.headers)
    # Without X-Frame-Options its view was exempt, and so is the copy (XFrameOptionsMiddleware).
    kept.xframe_options_exempt = getattr(response, "xframe_options_exempt", False)
    return kept


class UpdateCacheMiddleware:
    """First in MIDDLEWARE, as Django's: sets the Cache-Control policy, then keeps an anonymous
    read that FetchFromCacheMiddleware did not find, with the headers every middleware gave it
    and under the request headers its Vary names (Django's learn_cache_key)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        set_cache_policy(request, response)
        prefix = getattr(request, "cache_key_prefix", None)
        if prefix is not None and _storable(response):
            timeout = settings.CACHE_MIDDLEWARE_SECONDS
            key = learn_cache_key(request, response, timeout, prefix, cache=_local())
            _local().set(key, _kept(response), timeout)
        return response


class FetchFromCacheMiddleware:
    """Last in MIDDLEWARE, as Django's: answers an anonymous GET or HEAD from the cache when the
    data version and the day are those it was kept under.

    After authentication and every middleware that adds headers, so that they see a cached
    response as they see a fresh one: its headers are a fresh one's. Signed-in users and token
    clients always get a fresh render. The key is Django's (get_cache_key): the absolute URL, the
    language, the time zone, the request headers the response varies on (Accept, Cookie for the
    language cookie; Accept-Language is left out since the language is in the key).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cached = self.cached(request) if settings.PAGE_CACHE else None
        return cached if cached is not None else self.get_response(request)

    def cached(self, request: HttpRequest) -> HttpResponse | None:
        """The kept response; on a miss, the key prefix to keep the rendered one under."""
        if not _reads_anonymously(request):
            return None
        try:
            version = data_version()
        except SERVICE_ERRORS:  # Redis down, no version known yet: render
            return None
        prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}{version}.{timezone.localdate()}"
        local = _local()
        response = None
        key = get_cache_key(request, prefix, "GET", cache=local)
        if key is not None:
            response = local.get(key)
        if response is None and request.method == "HEAD":
            key = get_cache_key(request, prefix, "HEAD", cache=local)
            response = local.get(key) if key is not None else None
        if response is None:
            # For UpdateCacheMiddleware: keep what is rendered (the attribute Django's cache
            # middleware reads).
            request.cache_key_prefix = prefix  # type: ignore[attr-defined]
        return response
