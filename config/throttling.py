"""API throttling: a counter per client address and window, one Redis round trip a request.

DRF's own throttle reads and writes the list of a client's recent request times through the
cache (two round trips, a list pickled each way, longer with the allowed rate). This one counts
in fixed windows of the rate's period (INCR with the key expiring at the window's end), so a
client can make at most the allowed number in any window and twice that across a boundary.
It fails open: when Redis is down, reads are still served.
"""

from __future__ import annotations

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from config.middleware import SERVICE_ERRORS

logger = logging.getLogger(__name__)


@functools.cache
def _redis(url: str):
    import redis

    # A client with its own connection pool, made once per process (redis-py remakes the
    # pool's connections after a fork): Django's cache builds a client object on every call.
    options = settings.CACHES["default"].get("OPTIONS", {})
    return redis.Redis.from_url(url, **options)


def count_request(key: str, seconds: int) -> int:
    """Add one to the counter `key`, which lasts `seconds` from its first request; its total."""
    key = cache.make_key(key)
    if not settings.REDIS_URL:  # the local-memory cache of a development machine
        cache.add(key, 0, seconds)
        return cache.incr(key)
    pipeline = _redis(settings.REDIS_URL).pipeline(transaction=False)
    pipeline.incr(key)
    pipeline.expire(key, seconds, nx=True)
    return pipeline.execute()[0]


class AnonRateThrottleFailOpen(AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        window = int(time.time() // self.duration)
        self.window_ends = (window + 1) * self.duration
        try:
            count = count_request(f"{key}:{window}", self.duration + 1)
        except SERVICE_ERRORS:
            logger.warning("API throttle skipped: the cache is unreachable")
            return True
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends and the client may ask again (Retry-After)."""
        return max(0.0, self.window_ends - time.time())
