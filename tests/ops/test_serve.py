"""`make serve`: production mode, the Procfile run by honcho: gunicorn, the send worker, the scan
worker and beat; /health/ sees them; a signal stops them all, and so does one of them dying."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.procfile import procfile_commands
from tests.ops.proxy import TcpProxy

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
PROCESSES = {"web", "worker", "scan", "beat"}
# honcho sends SIGKILL 5 s after the first process stops; the rest is slack for a busy machine.
STOP_SECONDS = 15


def health(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        # Not up yet: refused, or accepted while the workers still boot (a slow probe).
        return 0, {}


def serve(redis_url: str, tmp_path: Path) -> tuple[subprocess.Popen, int]:
    """`make serve`'s command on a free port, against the test database, logging to serve.log."""
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
    for unset in ("DJANGO_ENV", "CELERY_SCAN_QUEUE", "WEB_CONCURRENCY"):
        env.pop(unset, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "config.serve"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=(tmp_path / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    return process, port


def started(log: str) -> dict[str, int]:
    """The process id honcho started each Procfile process with (each leads a process group)."""
    return {name: int(pid) for name, pid in re.findall(r"\| (\w+)\.1 started \(pid=(\d+)\)", log)}


def alive_in(groups: set[int]) -> list[str]:
    """Processes (not zombies) still in these process groups."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        # After the command's closing parenthesis: state, ppid, pgrp.
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) in groups and state != "Z":
            alive.append(stat[:80])
    return alive


def wait_for(condition, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)


def stopped(process: subprocess.Popen, log: Path) -> tuple[int, float]:
    """serve's exit status and how long it took to come; past a minute, it and its processes are
    killed (they would outlive the test)."""
    begun = time.monotonic()
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        for group in [process.pid, *started(log.read_text()).values()]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        raise
    return code, time.monotonic() - begun


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_serve_runs_web_workers_and_beat_and_a_signal_stops_them_together(
    postgres_only, redis_url, tmp_path, stop, exit_code
):
    process, port = serve(redis_url, tmp_path)
    log_path = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/health/"
    try:
        deadline = time.monotonic() + 90
        status, body, ready = 0, {}, []
        while time.monotonic() < deadline:
            status, body = health(url)
            ready = re.findall(r"\| .* (\w+)@\S+ ready\.", log_path.read_text())
            if status == 200 and body.get("worker", "").startswith("ok") and len(ready) == 2:
                break
            time.sleep(1)
        log = log_path.read_text()
        assert status == 200, log[-3000:]
        assert body["database"] == "ok" and body["redis"] == "ok", body
        assert body["worker"].startswith("ok"), (body, log[-3000:])
        assert sorted(ready) == ["scan", "worker"], log[-3000:]  # the send and the scan worker
        assert "beat: Starting..." in log, log[-3000:]
        # The scan worker consumes the queue the settings route the scan to (default "scan").
        assert re.search(r"scan\.1 +\| +\.> scan +exchange=scan\(direct\)", log), log[-3000:]
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        assert static.status == 200
        groups = set(started(log).values())
        assert set(started(log)) == PROCESSES
    finally:
        # As Ctrl-C in a terminal does: to the foreground process group (honcho's children lead
        # groups of their own, so honcho passes it on).
        os.killpg(process.pid, stop)
        code, seconds = stopped(process, log_path)
    log = log_path.read_text()
    print(f"stopped by {stop.name} in {seconds:.1f} s")
    # The shell's convention for a stop by a signal: 128 + its number.
    assert code == exit_code, log[-3000:]
    assert seconds < STOP_SECONDS, log[-3000:]
    assert alive_in(groups) == [], log[-3000:]
    assert health(url)[0] == 0  # nothing left listening


def test_one_process_dying_stops_the_others_and_serve_exits_with_an_error(
    postgres_only, redis_url, tmp_path
):
    """So that what runs `make serve` (systemd, say) sees it fail and starts it again."""
    process, port = serve(redis_url, tmp_path)
    log_path = tmp_path / "serve.log"
    try:
        wait_for(
            lambda: (
                re.search(r"scan@\S+ ready\.", log_path.read_text())
                and health(f"http://127.0.0.1:{port}/health/")[0] != 0
            ),
            90,
            log_path,
        )
        pids = started(log_path.read_text())
        assert set(pids) == PROCESSES
        os.killpg(pids["scan"], signal.SIGKILL)
        code, seconds = stopped(process, log_path)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            stopped(process, log_path)
    log = log_path.read_text()
    print(f"stopped by the scan worker's death in {seconds:.1f} s")
    assert code != 0, log[-3000:]
    assert seconds < STOP_SECONDS, log[-3000:]
    assert alive_in(set(pids.values())) == [], log[-3000:]
    assert health(f"http://127.0.0.1:{port}/health/")[0] == 0


def test_gunicorn_runs_one_worker_per_core_unless_web_concurrency_says(monkeypatch):
    from config.serve import environment

    def web_workers() -> str:
        web = procfile_commands(environment())["web"]
        return web[web.index("--workers") + 1]

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert web_workers() == "8"
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert web_workers() == "2"  # one slow request never holds the only worker
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert web_workers() == "5"
    for wrong in ("0", "two", "-3"):
        monkeypatch.setenv("WEB_CONCURRENCY", wrong)
        with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
            environment()


def test_serve_binds_host_and_port_with_the_defaults_of_make_run(monkeypatch):
    from config.serve import environment

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    for name in ("HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    web = procfile_commands(environment())["web"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8000"
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9001")
    web = procfile_commands(environment())["web"]
    assert web[web.index("--bind") + 1] == "0.0.0.0:9001"
