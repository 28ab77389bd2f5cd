"""A real Celery worker process on real Redis and PostgreSQL sends each due reminder once."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from meetings import reminders
from meetings.models import Delivery
from tests.factories import BodyFactory, SessionFactory

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(postgres_only, redis_url, tmp_path):
    """Start `celery worker` against the test database and Redis; stop it afterwards."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}",
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "-Q",
            "celery",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield tmp_path / "mail"
    process.terminate()
    process.wait(timeout=20)


def test_a_scan_through_the_broker_sends_every_due_reminder_once(worker, settings):
    from config.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL or "redis://127.0.0.1:6379/15"
    council = BodyFactory()
    SessionFactory(
        body=council,
        start_date=timezone.localdate() + dt.timedelta(days=1),
        end_date=timezone.localdate() + dt.timedelta(days=2),
    )
    for i in range(20):
        subscriber, _ = reminders.subscriber_subscribe(
            email=f"d{i}@example.org", language="en", timezone_name="UTC", bodies=[council]
        )
        subscriber.confirmed_at, subscriber.lead_days = timezone.now(), [3]
        subscriber.save()
    result = app.send_task("meetings.reminders.scan")
    assert result.id
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Delivery.objects.filter(state="sent").count() < 20:
        time.sleep(0.5)
    app.send_task("meetings.reminders.scan")  # a second scan finds nothing new to send
    time.sleep(3)
    states = list(Delivery.objects.values_list("state", "claimed_by", "error", "reason"))
    assert Delivery.objects.filter(state="sent").count() == Delivery.objects.count() == 20, states[
        :3
    ]
    assert len(list(worker.iterdir())) >= 1
