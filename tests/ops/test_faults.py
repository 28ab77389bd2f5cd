"""Faults: with PostgreSQL or Redis gone, what can be served is served (feeds from memory), the
rest is a clear 503, nothing is corrupted, and the server recovers by itself when they return.

A real gunicorn in production mode reaches PostgreSQL and Redis through TCP proxies the test
cuts and restores, so the services the suite itself uses stay up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.ops.proxy import TcpProxy

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
FEED = "/feeds/sessions.ics?past=3650"


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError):  # not listening (yet)
        return 0, b"", {}


def wait_for(url: str, status: int, seconds: float = 20) -> tuple[int, bytes, dict]:
    deadline = time.monotonic() + seconds
    while True:
        result = fetch(url)
        if result[0] == status or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


@pytest.fixture
def server(postgres_only, redis_url, tmp_path):
    call_command("load_seeds", verbosity=0)
    db = settings.DATABASES["default"]
    pg = TcpProxy(int(db["PORT"] or 5432)).start()
    redis_parts = urllib.parse.urlparse(redis_url)
    redis = TcpProxy(redis_parts.port or 6379).start()
    port = TcpProxy(1).port  # a free port for the server
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "fault-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@127.0.0.1:{pg.port}/{connection.settings_dict['NAME']}",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}{redis_parts.path or '/0'}",
        "DB_CONNECT_TIMEOUT": "2",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "30",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/health/", 200, 30)[0] == 200, (
            tmp_path / "gunicorn.log"
        ).read_text()
        yield base, pg, redis
    finally:
        process.terminate()
        process.wait(timeout=20)
        pg.stop()
        redis.stop()


def test_postgresql_down_feeds_still_served_pages_503_then_recovery(server):
    base, pg, _redis = server
    status, feed, headers = fetch(base + FEED)
    assert status == 200 and b"BEGIN:VCALENDAR" in feed
    home = fetch(base + "/")
    assert home[0] == 200
    before = fetch(base + "/api/v1/sessions/?limit=100")[1]

    pg.stop()
    # What this worker already holds for the current data is still served...
    assert fetch(base + "/")[:2] == home[:2]
    again, same, _ = fetch(base + FEED)
    assert (again, same) == (200, feed)  # no SQL
    # ...anything else is a clear 503.
    status, body, headers = fetch(base + "/sessions/council-96/")
    assert status == 503 and b"Temporarily unavailable" in body and headers["Retry-After"] == "30"
    api = fetch(base + "/api/v1/sessions/?limit=7")
    assert api[0] == 503 and b"temporarily unavailable" in api[1]
    health = fetch(base + "/health/")
    assert health[0] == 503 and b'"database": "down' in health[1]

    pg.start()
    assert wait_for(base + "/sessions/council-96/", 200)[0] == 200
    assert fetch(base + "/health/")[0] == 200
    assert fetch(base + "/api/v1/sessions/?limit=100")[1] == before  # nothing lost or changed


def test_redis_down_pages_and_feeds_still_served_then_recovery(server):
    base, _pg, redis = server
    status, feed, _ = fetch(base + FEED)
    assert status == 200
    redis.stop()
    # Nothing here was rendered before: these are fresh renders without Redis.
    assert fetch(base + "/")[0] == 200
    assert fetch(base + "/sessions/council-96/")[0] == 200
    assert fetch(base + "/api/v1/sessions/")[0] == 200  # throttling fails open
    again, same, _ = fetch(base + FEED)
    assert (again, same) == (200, feed)
    health = fetch(base + "/health/")
    assert health[0] == 503 and b'"redis": "down' in health[1]
    redis.start()
    assert wait_for(base + "/health/", 200)[0] == 200
