"""The calendar data version, known to every worker without a round trip per request.

A 304 must cost less than a Redis round trip (~70 µs, half of Django's whole 304). Each
worker therefore keeps the version in memory, kept fresh by a Redis pub/sub listener thread;
every change publishes the new version. Until the listener has subscribed and read the
current value (and whenever its connection drops), reads go to the cache, so a stale copy
can never be served for longer than the message takes to arrive.
Without Redis (the embedded default) the local-memory cache is read directly.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "calendar:data-version"


def channel() -> str:
    """The pub/sub channel of this deployment's versions.

    Channels are shared by every database of a Redis server, unlike keys: named by the cache's
    key for the version, and the database, so two deployments (or test runs) on one server never
    take each other's changes for their own.
    """
    database = urlsplit(settings.REDIS_URL).path.strip("/") or "0"
    return f"{cache.make_key(VERSION_KEY)}:db{database}"


BODY_STORE_BYTES = 64 * 1024 * 1024


class _Listener:
    def __init__(self) -> None:
        self.version: int | None = None
        self.live = False
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def ensure_started(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="calendar-version-listener", daemon=True
                )
                self.thread.start()

    def _run(self) -> None:
        import redis

        while True:
            try:
                client = redis.Redis.from_url(
                    settings.REDIS_URL, socket_keepalive=True, health_check_interval=30
                )
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(channel())
                # Subscribed first, then read: no change can fall between the two.
                self.version = _read_shared()
                self.live = True
                for message in pubsub.listen():
                    # Versions only go up; a late message never takes a worker back.
                    self.version = max(self.version or 0, int(message["data"]))
            except Exception:  # connection lost: fall back to reading the cache, then retry
                logger.warning("calendar version listener lost its connection", exc_info=True)
            self.live = False
            time.sleep(1)


_listener = _Listener()


def _read_shared() -> int | None:
    return cache.get(VERSION_KEY)


def current() -> int | None:
    """The version, or None when nobody has set one yet (the caller derives it from the data)."""
    if not settings.REDIS_URL:
        return _read_shared()
    _listener.ensure_started()
    if _listener.live and _listener.version is not None:
        return _listener.version
    try:
        return _read_shared()
    except Exception:
        # Redis is down: serve what this worker last knew (feeds stay up), if it knows anything.
        if _listener.version is not None:
            return _listener.version
        raise


def publish(version: int) -> None:
    """Store a new version and tell every worker."""
    cache.set(VERSION_KEY, version, timeout=None)
    if settings.REDIS_URL:
        _listener.version = max(version, _listener.version or 0)
        try:
            cache._cache.get_client(VERSION_KEY, write=True).publish(channel(), version)
        except Exception:
            # Listeners that miss a message still read the cache whenever they are not live.
            logger.exception("could not publish the calendar version")


def initialize(version: int) -> int:
    """Set the version if none is set (after a cache loss), and return the one in force."""
    cache.add(VERSION_KEY, version, timeout=None)
    stored = cache.get(VERSION_KEY, version)
    if settings.REDIS_URL and _listener.version is None:
        _listener.version = stored
    return stored


class BodyStore:
    """Built feed bodies by ETag, in process memory and bounded in bytes.

    An ETag names one version of one feed, so an entry never goes stale; old ones just age out.
    """

    def __init__(self, limit: int = BODY_STORE_BYTES) -> None:
        self.limit = limit
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.sizes: dict[str, int] = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, etag: str):
        with self.lock:
            body = self.items.get(etag)
            if body is not None:
                self.items.move_to_end(etag)
            return body

    def put(self, etag: str, body, size: int | None = None) -> None:
        """Keep ``body`` (bytes, or anything with its byte ``size`` given) under ``etag``."""
        with self.lock:
            if etag in self.items:
                return
            self.items[etag] = body
            self.sizes[etag] = len(body) if size is None else size
            self.size += self.sizes[etag]
            while self.size > self.limit and len(self.items) > 1:
                old, _ = self.items.popitem(last=False)
                self.size -= self.sizes.pop(old)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.sizes.clear()
            self.size = 0


bodies = BodyStore()


def reset_local_state() -> None:
    """For tests: forget what this process holds in memory."""
    bodies.clear()
    _listener.version = None
