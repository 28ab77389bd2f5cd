"""`make serve`: production mode on this machine. Sets the environment's defaults, prepares the
database (migrate, collectstatic, seed data, so a fresh machine needs nothing else), then hands
over to honcho, which runs the Procfile: gunicorn, a Celery worker that sends, one on the scan
queue and exactly one beat. honcho supervises them; this module only prepares.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def environment() -> dict[str, str]:
    """os.environ with the defaults of `make serve`; what the Procfile's commands read."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("DJANGO_ENV", "production")
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/governance_calendar")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("HOST", "127.0.0.1")
    env.setdefault("PORT", "8000")  # honcho's own default would be 5000
    # Plain HTTP on loopback: no redirect to HTTPS and cookies without the Secure flag.
    # Behind a TLS proxy in real production, leave both unset.
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("SECURE_COOKIES", "0")
    env["WEB_CONCURRENCY"] = str(web_workers())
    # Log lines reach honcho as they are written, not when a pipe's buffer fills.
    env.setdefault("PYTHONUNBUFFERED", "1")
    # The Procfile names gunicorn and celery: this interpreter's, whatever PATH says.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if not env.get("SECRET_KEY"):
        key_file = ROOT / "var" / "secret_key"
        key_file.parent.mkdir(exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    return env


def prepare() -> None:
    """Migrate, collect static files and load the seeds, under the environment already set."""
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False)
    call_command("collectstatic", interactive=False)
    call_command("load_seeds")
    connections.close_all()


def main() -> None:
    os.environ.update(environment())
    prepare()
    from django.conf import settings

    # The Procfile's scan worker consumes the queue the settings route the scan to.
    os.environ["CELERY_SCAN_QUEUE"] = settings.SCAN_QUEUE
    os.chdir(ROOT)
    print(
        f"Serving on http://{os.environ['HOST']}:{os.environ['PORT']}/ (production mode):"
        " web, worker, scan worker and beat. Ctrl-C stops.",
        flush=True,
    )
    # honcho takes this process's place: signals from a terminal or systemd reach it directly.
    os.execv(sys.executable, [sys.executable, "-m", "honcho", "start", "-f", "Procfile"])


if __name__ == "__main__":
    main()
