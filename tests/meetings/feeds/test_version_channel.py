"""Workers hear of changes on a channel of their own deployment's Redis database and prefix."""

from __future__ import annotations

import pytest
from django.conf import settings

from meetings import feedversion
from tests.meetings.reminders.workers import wait_until


@pytest.fixture
def redis_client(redis_url):
    import redis

    if not settings.REDIS_URL:
        pytest.skip("the suite runs on the local-memory cache here")
    return redis.Redis.from_url(redis_url)


def test_the_channel_names_the_database_and_the_key_prefix():
    name = feedversion.channel()
    database = settings.REDIS_URL.rstrip("/").rsplit("/", 1)[-1] if settings.REDIS_URL else "0"
    assert name.endswith(f":db{database}")
    assert name.startswith(settings.CACHES["default"].get("KEY_PREFIX", ""))


def test_a_change_published_elsewhere_on_the_server_is_not_taken_for_ours(redis_client):
    feedversion.current()  # starts this worker's listener
    feedversion.publish(1_000)
    assert wait_until(lambda: feedversion._listener.live)
    assert feedversion.current() == 1_000
    # Another deployment (another database, the same server) publishes a newer version.
    redis_client.publish(feedversion.channel().rsplit(":db", 1)[0] + ":db99", 5_000)
    redis_client.publish("gc:calendar-version", 6_000)
    # Ours, published the same way by another worker, is heard.
    redis_client.publish(feedversion.channel(), 2_000)
    assert wait_until(lambda: feedversion.current() == 2_000)
    assert feedversion.current() == 2_000
