"""Reminder fan-out speed next to the broker's own speed, in one run.

10,000 confirmed subscribers follow one session whose reminder is due. Two Celery worker
processes on Redis; mail to Django's dummy backend. Measured: from sending the scan task to
the last delivery marked sent, next to 10,000 empty tasks through the same broker and workers
(from the first publish until the queue is drained).

Run: .venv/bin/python benchmarks/reminders_bench.py
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PYTHON, ROOT, manage, recreate_database

DB = "gc_bench_reminders"
REDIS = "redis://127.0.0.1:6379/10"
QUEUE = "bench-reminders"
N = 10_000


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": REDIS,
        "CELERY_QUEUE": QUEUE,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }


def start_workers(count: int = 2) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-Q",
                QUEUE,
                "--loglevel",
                "ERROR",
                "-n",
                f"bench{i}@%h",
            ],
            cwd=ROOT,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for i in range(count)
    ]


def main() -> None:
    os.environ.update(env())
    recreate_database(DB)
    manage(env(), "migrate", "--no-input")
    subprocess.run(["redis-cli", "-n", "10", "flushdb"], check=True, capture_output=True)
    import django

    django.setup()
    import redis
    from django.utils import timezone

    from config.celery import app
    from governance.models import Body
    from meetings.models import Delivery, Session, Subscriber, Subscription

    body = Body.objects.create(
        key="council", name="Council", kind="governing_body", reminder_lead_days=[3]
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Session.objects.create(
        key="s",
        body=body,
        number=1,
        start_date=tomorrow,
        end_date=tomorrow,
        is_published=True,
        status="confirmed",
    )
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"d{i}@example.org", token_hash=f"{i:064d}", confirmed_at=now, timezone="UTC"
        )
        for i in range(N)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, body=body) for s in Subscriber.objects.all()
    )
    workers = start_workers()
    client = redis.Redis.from_url(REDIS)
    try:
        time.sleep(4)  # workers up
        started = time.perf_counter()
        for _ in range(N):
            app.send_task("meetings.noop", queue=QUEUE)
        while client.llen(QUEUE) or client.hlen("unacked"):
            time.sleep(0.05)
        empty = time.perf_counter() - started

        started = time.perf_counter()
        app.send_task("meetings.reminders.scan", queue=QUEUE)
        while Delivery.objects.filter(state="sent").count() < N:
            time.sleep(0.1)
        ours = time.perf_counter() - started
    finally:
        for worker in workers:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)
    print(f"{N:,} empty tasks through Redis and 2 workers: {empty:.2f} s ({N / empty:,.0f}/s)")
    print(f"{N:,} reminders, scan to last delivery:        {ours:.2f} s ({N / ours:,.0f}/s)")
    print(f"reminders / empty tasks speed: {empty / ours:.2f} (target >= 1.00)")


if __name__ == "__main__":
    main()
