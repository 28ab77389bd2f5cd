"""`make serve`: production mode on this machine: gunicorn (WhiteNoise for static files), a
Celery worker that sends, one that runs the periodic scan on its own queue (so the scan never
waits behind a fan-out's send batches) and exactly one beat, supervised together; Ctrl-C stops
them all.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL). Prepares the database first (migrate,
collectstatic, seed data) so a fresh machine needs nothing else.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_ENV", "production")
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/governance_calendar")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    # Plain HTTP on loopback: no redirect to HTTPS and cookies without the Secure flag.
    # Behind a TLS proxy in real production, leave both unset.
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("SECURE_COOKIES", "0")
    if not env.get("SECRET_KEY"):
        key_file = ROOT / "var" / "secret_key"
        key_file.parent.mkdir(exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    return env


def prepare(env: dict[str, str]) -> None:
    for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["load_seeds"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def web_workers() -> int:
    """Gunicorn's sync workers: WEB_CONCURRENCY if set, else one per core and at least two.

    A page costs a few milliseconds of CPU and waits little for PostgreSQL, so processes beyond
    the cores only take turns on them and evict each other's caches: on a 2-core VM, four
    workers rendered 20-30% fewer session pages a second than two (benchmarks/load_bench.py)."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise SystemExit(f"WEB_CONCURRENCY must be a whole number >= 1, not {configured!r}")
        return int(configured)
    return max(2, os.cpu_count() or 1)


def commands(host: str, port: str) -> dict[str, list[str]]:
    workers = str(web_workers())
    # The same default as CELERY_TASK_ROUTES in config/settings.py.
    scan_queue = os.environ.get("CELERY_SCAN_QUEUE", "scan")
    celery = [PYTHON, "-m", "celery", "-A", "config"]
    log_level = ["--loglevel", "INFO"]
    return {
        "web": [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "-b",
            f"{host}:{port}",
            "-w",
            workers,
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
        ],
        "worker": [*celery, "worker", *log_level, "--concurrency", "2", "-n", "worker@%h"],
        # One scan at a time is enough (beat sends one a minute; SKIP LOCKED splits any overlap).
        "scan": [
            *celery,
            "worker",
            *log_level,
            "--pool",
            "solo",
            "-Q",
            scan_queue,
            "-n",
            "scan@%h",
        ],
        "beat": [*celery, "beat", *log_level, "--pidfile", str(ROOT / "var" / "celerybeat.pid")],
    }


def main() -> int:
    env = environment()
    prepare(env)
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        for name, command in commands(host, port).items()
    }
    print(
        f"Serving on http://{host}:{port}/ (production mode): web, worker, scan worker and beat."
        " Ctrl-C stops."
    )
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} exited with {process.returncode}: stopping the others.")
                code, stopping = process.returncode or 1, True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
