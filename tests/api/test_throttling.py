"""Anonymous API reads are limited per client, in the real cache; the client is named by one rule,
from one setting (TRUSTED_PROXY_COUNT), for the throttle and the login lockout alike. The throttle
counts what reaches a view: reads answered from the page cache are not counted, as they would
not be behind a CDN."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from config.lockout import client_address
from config.throttling import AnonRateThrottleFailOpen

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def three_a_minute(monkeypatch, settings):
    monkeypatch.setattr(AnonRateThrottleFailOpen, "THROTTLE_RATES", {"anon": "3/minute"})
    # The page cache would answer repeated reads; here each request renders.
    settings.PAGE_CACHE = False


@pytest.fixture
def trust_proxies(settings):
    """What TRUSTED_PROXY_COUNT=n in the environment makes of the settings (config/settings.py)."""

    def trust(hops: int) -> None:
        settings.TRUSTED_PROXY_COUNT = hops
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": hops}

    return trust


def get(client, address: str, path: str = "/api/v1/sessions/", **headers):
    return client.get(path, REMOTE_ADDR=address, **headers)


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


def test_the_count_lives_in_redis_shared_by_every_server_process(client, three_a_minute, redis_url):
    import redis

    if not django_settings.REDIS_URL:
        pytest.skip("the suite runs on the local-memory cache here")
    get(client, "198.51.100.7")
    server = redis.Redis.from_url(redis_url)
    (key,) = server.keys("*throttle_anon_198.51.100.7")
    assert 0 < server.ttl(key) <= 60
    get(client, "198.51.100.7")
    get(client, "198.51.100.7")
    server.delete(key)  # what another process sees is what Redis holds: forgotten, allowed again
    assert get(client, "198.51.100.7").status_code == 200


def test_the_secretariat_is_not_counted_as_anonymous(client, editor, three_a_minute):
    client.force_login(editor)
    assert [get(client, "198.51.100.7").status_code for _ in range(5)] == [200] * 5


def test_without_trusted_proxies_a_rotating_x_forwarded_for_does_not_escape_the_throttle(
    client, three_a_minute, trust_proxies
):
    trust_proxies(0)
    statuses = [
        get(client, "198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_trusted_proxy_the_last_hop_names_the_client(
    client, three_a_minute, trust_proxies
):
    trust_proxies(1)
    proxy = "10.0.0.1"
    # What the client wrote before the proxy's own entry changes nothing...
    statuses = [
        get(client, proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # ...another client behind the same proxy has its own count.
    assert get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_reads_from_the_page_cache_are_not_counted_and_renders_are(
    client, three_a_minute, settings
):
    settings.PAGE_CACHE = True
    cached = [get(client, "198.51.100.7", "/api/v1/bodies/").status_code for _ in range(6)]
    assert cached == [200] * 6  # one render, counted; five reads from the cache, not counted
    renders = [
        get(client, "198.51.100.7", f"/api/v1/bodies/?limit={n}").status_code for n in (1, 2)
    ]
    assert renders == [200, 200]
    refused = get(client, "198.51.100.7", "/api/v1/bodies/?limit=3")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert get(client, "198.51.100.7", "/api/v1/bodies/").status_code == 200  # still cached
    assert get(client, "203.0.113.9", "/api/v1/bodies/?limit=3").status_code == 200


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_the_lockout_and_the_throttle_name_the_same_client(trust_proxies, hops):
    trust_proxies(hops)
    throttle = AnonRateThrottleFailOpen()
    factory = RequestFactory()
    for forwarded in (None, "192.0.2.1", "192.0.2.1, 203.0.113.5", "a, b, c, 203.0.113.5 "):
        extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
        request = factory.get("/", REMOTE_ADDR="10.0.0.1", **extra)
        assert client_address(request) == throttle.get_ident(request), (hops, forwarded)
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    assert client_address(request) == {0: "10.0.0.1", 1: "2.2.2.2", 2: "1.1.1.1"}[hops]


def test_a_login_lockout_behind_a_trusted_proxy_follows_the_client_not_its_header(
    client, editor, trust_proxies, settings
):
    trust_proxies(1)
    settings.LOGIN_FAILURE_LIMIT = 3

    def login(forwarded: str, password: str = "wrong"):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": f"nobody-{forwarded}", "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(3):
        login(f"192.0.2.{n}, 203.0.113.5")
    assert b"Too many failed logins" in login("192.0.2.99, 203.0.113.5").content
    assert b"Too many failed logins" not in login("203.0.113.6").content


def test_trusted_proxy_count_in_the_environment_sets_drf_s_num_proxies():
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "2", "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import django; django.setup(); from rest_framework.settings import api_settings; "
        "print(api_settings.NUM_PROXIES)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "2", result.stderr


def test_the_throttle_fails_open_when_redis_is_down(client, three_a_minute, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    assert [get(client, "198.51.100.7").status_code for _ in range(5)] == [200] * 5


def test_an_empty_api_anon_rate_turns_the_throttle_off(client, monkeypatch, settings):
    settings.PAGE_CACHE = False
    env = {**os.environ, "API_ANON_RATE": "", "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import django; django.setup(); from rest_framework.settings import api_settings; "
        "print(api_settings.DEFAULT_THROTTLE_RATES['anon'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "None", result.stderr
    monkeypatch.setattr(AnonRateThrottleFailOpen, "THROTTLE_RATES", {"anon": None})
    assert {get(client, "198.51.100.7").status_code for _ in range(5)} == {200}
