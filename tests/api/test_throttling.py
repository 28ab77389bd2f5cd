"""Anonymous API reads are limited per client address, one counter a window, in the real cache."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from config.throttling import AnonRateThrottleFailOpen

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(monkeypatch, settings):
    monkeypatch.setattr(AnonRateThrottleFailOpen, "THROTTLE_RATES", {"anon": "3/minute"})
    # The page store answers a repeated anonymous read before any view: each request renders here.
    settings.PAGE_STORE = False


def get(client, address: str):
    return client.get("/api/v1/sessions/", REMOTE_ADDR=address)


def test_the_fourth_request_in_a_minute_is_refused_with_retry_after(client, three_a_minute):
    assert [get(client, "198.51.100.7").status_code for _ in range(3)] == [200, 200, 200]
    refused = get(client, "198.51.100.7")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower()


def test_each_address_has_its_own_count(client, three_a_minute):
    for _ in range(3):
        get(client, "198.51.100.7")
    assert get(client, "198.51.100.7").status_code == 429
    assert get(client, "203.0.113.9").status_code == 200


def test_the_counter_lives_in_redis_and_expires_with_its_window(client, three_a_minute, redis_url):
    import redis

    if not django_settings.REDIS_URL:
        pytest.skip("the suite runs on the local-memory cache here")
    get(client, "198.51.100.7")
    server = redis.Redis.from_url(redis_url)
    (key,) = server.keys("*throttle_anon_198.51.100.7*")
    assert int(server.get(key)) == 1
    assert 0 < server.ttl(key) <= 61
    get(client, "198.51.100.7")
    assert int(server.get(key)) == 2


def test_writes_by_the_secretariat_are_not_counted_as_anonymous(client, editor, three_a_minute):
    client.force_login(editor)
    assert [get(client, "198.51.100.7").status_code for _ in range(5)] == [200] * 5
