"""/health/: database, Redis and Celery worker status, for load balancers and monitoring."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

_WORKERS: dict[str, float | int] = {"checked": 0.0, "count": 0}
WORKER_CHECK_SECONDS = 15  # a ping waits for replies: checked at most this often per process


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # any failure is "down", with its reason
        return f"down: {type(error).__name__}"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except Exception as error:
        return f"down: {type(error).__name__}"


def _workers(redis_state: str) -> str:
    if not settings.REDIS_URL:
        return "in-process"
    if redis_state != "ok":
        return "unknown"
    now = time.monotonic()
    if now - float(_WORKERS["checked"]) > WORKER_CHECK_SECONDS:
        from config.celery import app

        replies = app.control.ping(timeout=0.5) or []
        _WORKERS.update(checked=now, count=len(replies))
    count = int(_WORKERS["count"])
    return f"ok ({count})" if count else "none"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the app can serve (database up, and Redis when configured); 503 otherwise."""
    database = _database()
    redis_state = _redis()
    status = {"database": database, "redis": redis_state, "worker": _workers(redis_state)}
    healthy = database == "ok" and redis_state in ("ok", "not configured")
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", **status}, status=200 if healthy else 503
    )
