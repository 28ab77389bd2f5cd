"""`make serve`: production mode with gunicorn, a worker and beat; /health/ sees all three;
Ctrl-C (SIGTERM) stops them all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.proxy import TcpProxy

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def health(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        # Not up yet: refused, or accepted while the workers still boot (a slow probe).
        return 0, {}


def test_serve_runs_web_worker_and_beat_and_stops_them_together(postgres_only, redis_url, tmp_path):
    from django.conf import settings

    db = settings.DATABASES["default"]
    port = TcpProxy(1).port
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}",
        "REDIS_URL": redis_url,
        "PORT": str(port),
        "STATIC_ROOT": str(tmp_path / "static"),
        "CELERY_QUEUE": f"serve-test-{port}",
        "SECRET_KEY": "serve-test-secret-key-" + "x" * 40,
    }
    env.pop("DJANGO_ENV", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "config.serve"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=(tmp_path / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/health/"
    try:
        deadline = time.monotonic() + 90
        status, body = 0, {}
        while time.monotonic() < deadline:
            status, body = health(url)
            if status == 200 and body.get("worker", "").startswith("ok"):
                break
            time.sleep(1)
        log = (tmp_path / "serve.log").read_text()
        assert status == 200, log[-3000:]
        assert body["database"] == "ok" and body["redis"] == "ok", body
        assert body["worker"].startswith("ok"), (body, log[-3000:])
        assert "beat: Starting..." in log, log[-3000:]
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        assert static.status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
    assert health(url)[0] == 0  # nothing left listening


def test_gunicorn_runs_one_worker_per_core_unless_web_concurrency_says(monkeypatch):
    from config.serve import commands, web_workers

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert web_workers() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert web_workers() == 2  # one slow request never holds the only worker
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    web = commands("127.0.0.1", "8000")["web"]
    assert web[web.index("-w") + 1] == "5"
    for wrong in ("0", "two", "-3"):
        monkeypatch.setenv("WEB_CONCURRENCY", wrong)
        with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
            web_workers()
