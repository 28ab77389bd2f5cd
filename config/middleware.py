"""Cross-cutting middleware: a clear 503 page when PostgreSQL or Redis is down (the request fails
cleanly; the app recovers by itself). Security headers come from SecurityMiddleware, django-csp
and django-permissions-policy (settings); caching from config/caching.py."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from rest_framework.exceptions import NotFound

logger = logging.getLogger(__name__)


def _service_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        import psycopg

        errors.append(psycopg.OperationalError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


SERVICE_ERRORS = _service_errors()


class ServiceUnavailableMiddleware:
    """A database or cache outage becomes a 503 page with Retry-After, never a 500 or a hang."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning("service unavailable on %s: %s", request.path, exception)
        return unavailable(request)


def is_outage(exception: BaseException | None) -> bool:
    if not isinstance(exception, SERVICE_ERRORS):
        return False
    return not isinstance(exception, DatabaseError) or _is_connection_error(exception)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a page in three languages elsewhere."""
    if request.path.startswith("/api/"):
        response = HttpResponse(
            b'{"detail": "The service is temporarily unavailable. Try again shortly."}',
            content_type="application/json",
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.SERVICE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: under /api/ a URL no route matches answers as the API's own 404s do (JSON, in
    the client's language), not with the site's HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met outside a view (a middleware's query) is still a 503."""
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))


def _is_connection_error(error: DatabaseError) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))
