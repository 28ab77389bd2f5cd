"""The data version (config/caching.py) and the caching headers that let a browser, proxy or CDN
in front do what the page cache does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.authtoken.models import Token

from config.caching import data_version, data_version_bump
from meetings.selectors import feeds
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.reminders import workers

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_bump_is_seen_at_once_here_and_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()
        now = data_version()
    assert before < now < data_version()


def test_a_bump_by_another_process_is_seen_within_the_ttl(redis_url, settings):
    if not django_settings.REDIS_URL:
        pytest.skip("the suite runs on the local-memory cache here: one process")
    before = data_version()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": workers.test_database_url(),
        "REDIS_URL": redis_url,
    }
    code = "import django; django.setup(); from config.caching import data_version_bump as b; b()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    time.sleep(settings.DATA_VERSION_TTL)
    assert data_version() > before


def test_with_redis_down_the_last_known_version_is_kept_and_none_is_made_up(redis_url, settings):
    from django.core.cache import caches
    from redis.exceptions import ConnectionError

    if not django_settings.REDIS_URL:
        pytest.skip("the suite runs on the local-memory cache here")
    known = data_version()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    time.sleep(settings.DATA_VERSION_TTL)
    assert data_version() == known
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    with pytest.raises(ConnectionError):
        data_version()


@pytest.fixture
def session():
    return SessionFactory(key="council-99", body=BodyFactory(key="council"))


def test_anonymous_pages_and_api_reads_are_public_for_five_minutes_then_revalidated(session):
    for path in ("/sessions/council-99/", "/api/v1/sessions/", "/api/v1/sessions/council-99/"):
        fresh = Client().get(path)
        assert fresh["Cache-Control"] == "public, max-age=300, must-revalidate", path
        replay = Client().get(path, HTTP_IF_NONE_MATCH=fresh["ETag"])
        assert replay.status_code == 304, path
        assert (replay["ETag"], replay["Cache-Control"]) == (fresh["ETag"], fresh["Cache-Control"])


def test_signed_in_users_and_token_clients_get_private_responses_revalidated_each_time(
    client, editor, session
):
    token = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    client.force_login(editor)
    for reader, path in [
        (token, "/api/v1/sessions/"),
        (client, "/api/v1/sessions/council-99/"),
        (client, "/sessions/council-99/"),
    ]:
        response = reader.get(path)
        assert response.status_code == 200
        policy = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-cache", "max-age=0"} <= policy and "public" not in policy, path
        again = reader.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert (again.status_code, again["Cache-Control"]) == (304, response["Cache-Control"])


def test_public_feeds_are_public_for_an_hour_and_personal_ones_private(session):
    assert Client().get("/feeds/sessions.ics")["Cache-Control"] == (
        "public, max-age=3600, must-revalidate"
    )
    _feed, token = feeds.personal_feed_create(bodies=[session.body])
    personal = Client().get(f"/feeds/p/{token}.ics")
    assert personal["Cache-Control"] == "private, max-age=3600, must-revalidate"
    not_modified = Client().get(f"/feeds/p/{token}.ics", HTTP_IF_NONE_MATCH=personal["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["Cache-Control"] == personal["Cache-Control"]
    assert not_modified["ETag"] == personal["ETag"]


def test_a_response_that_sets_a_cookie_is_neither_public_nor_kept(db):
    first = Client().get("/api/v1/docs/")  # Swagger's page, with a CSRF token and its cookie
    assert first.cookies and "public" not in first.get("Cache-Control", "")
    again = Client().get("/api/v1/docs/")
    assert again.cookies["csrftoken"].value != first.cookies["csrftoken"].value
