"""Start real Celery worker processes (and a throwaway Redis) for the reliability tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"


def scan_queue(queue: str) -> str:
    return f"{queue}-scan"


def start_worker(
    *,
    redis_url: str,
    mail_dir: Path,
    log: Path,
    queue: str,
    scans: bool = False,
    concurrency: int = 1,
    **extra: str,
) -> subprocess.Popen:
    """A worker on ``queue`` (send batches, and scans sent there explicitly), or with ``scans``
    a worker on the test's scan queue only, as `make serve` runs one."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_QUEUE": queue,  # a stray worker from another run can never take these tasks
        "CELERY_SCAN_QUEUE": scan_queue(queue),
        **extra,
    }
    pool = (
        ["--pool", "solo"]
        if concurrency == 1
        else ["--pool", "prefork", "--concurrency", str(concurrency)]
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *pool,
            "--loglevel",
            "INFO",
            "-Q",
            scan_queue(queue) if scans else queue,
            "-n",
            f"w{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def start_redis(port: int, directory: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port, socket_connect_timeout=0.2).ping()
            return process
        except redis.RedisError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def wait_until(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return predicate()


def recipients(mail_dir: Path) -> list[str]:
    """Every To: line of every message the file backend wrote (one per message sent)."""
    found = []
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        found += [
            line[4:].strip()
            for line in path.read_text(errors="replace").splitlines()
            if line.startswith("To: ")
        ]
    return found
