"""Real Celery workers on real Redis and PostgreSQL: every due reminder goes out exactly once,
through duplicate scans, a fan-out slower than the claim timeout, a worker killed with SIGKILL
mid-batch, and Redis stopped and restarted."""

import datetime as dt
import shutil
import signal
import time

import pytest
from django.utils import timezone

from meetings.models import Delivery, Subscriber, Subscription
from meetings.reminders.subscriptions import subscriber_subscribe
from tests.conftest import require_service
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.reminders.smtp_sink import SmtpSink
from tests.meetings.reminders.workers import (
    recipients,
    scan_queue,
    start_redis,
    start_worker,
    stop,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)
N = 20


@pytest.fixture
def broker(postgres_only, redis_url, settings):
    from config.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    yield app
    app.conf.task_always_eager, app.conf.broker_url = previous


def due_reminders(n: int = N) -> None:
    council = BodyFactory.create()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    SessionFactory.create(
        body=council, start_date=tomorrow, end_date=tomorrow + dt.timedelta(days=1)
    )
    for i in range(n):
        subscriber, _ = subscriber_subscribe(
            email=f"d{i}@example.org", language="en", timezone_name="UTC", bodies=[council]
        )
        subscriber.confirmed_at, subscriber.lead_days = timezone.now(), [3]
        subscriber.save()


def sent() -> int:
    return Delivery.objects.filter(state="sent").count()


def test_duplicate_scans_at_once_send_each_reminder_once(broker, redis_url, tmp_path):
    due_reminders()
    worker = start_worker(
        redis_url=redis_url,
        mail_dir=tmp_path / "mail",
        log=tmp_path / "w.log",
        queue=tmp_path.name,
        concurrency=2,
    )
    try:
        for _ in range(3):  # the task run twice and two beats ticking at once
            broker.send_task("meetings.reminders.scan", queue=tmp_path.name)
        assert wait_until(lambda: sent() == N, 60), (tmp_path / "w.log").read_text()[-3000:]
        time.sleep(2)
    finally:
        stop(worker)
    assert sorted(recipients(tmp_path / "mail")) == sorted(f"d{i}@example.org" for i in range(N))
    assert Delivery.objects.count() == N


def many_due_reminders(n: int) -> None:
    council = BodyFactory.create(reminder_lead_days=[3])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    SessionFactory.create(body=council, start_date=tomorrow, end_date=tomorrow)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"d{i}@example.org", token_hash=f"{i:064d}", confirmed_at=now, timezone="UTC"
        )
        for i in range(n)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=s, body=council) for s in Subscriber.objects.all()
    )


def test_a_fan_out_slower_than_the_claim_timeout_sends_every_recipient_exactly_once(
    broker, redis_url, tmp_path
):
    """Regression (issue 17): with no fault at all, scans retook the claims of batches still
    queued or sending, and both holders mailed the rows. Here the fan-out lasts several claim
    timeouts, scans tick all along on their own queue, and the sink counts each address."""
    n = 800  # four batches of 200: two send at a time, two wait past the claim timeout
    many_due_reminders(n)
    sink = SmtpSink(delay=0.02).start()  # ~30 messages/s per connection at best
    extra = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "REMINDER_CLAIM_TIMEOUT_SECONDS": "2",
    }
    common = {"redis_url": redis_url, "mail_dir": tmp_path / "mail", "queue": tmp_path.name}
    workers = [
        start_worker(log=tmp_path / "send1.log", **common, **extra),
        start_worker(log=tmp_path / "send2.log", **common, **extra),
        start_worker(log=tmp_path / "scan.log", scans=True, **common, **extra),
    ]
    started = time.monotonic()
    try:
        # Beat's tick, compressed: a scan every half second, for as long as the fan-out lasts.
        while sent() < n and time.monotonic() - started < 75:
            broker.send_task("meetings.reminders.scan", queue=scan_queue(tmp_path.name))
            time.sleep(0.5)
        for _ in range(4):  # a late duplicate would arrive now
            broker.send_task("meetings.reminders.scan", queue=scan_queue(tmp_path.name))
            time.sleep(0.5)
    finally:
        for worker in workers:
            stop(worker)
        sink.stop()
    logs = "".join((tmp_path / f"{name}.log").read_text()[-1500:] for name in ("send1", "scan"))
    assert sent() == n, logs
    counts = sink.counts()
    assert sorted(counts) == sorted(f"d{i}@example.org" for i in range(n)), logs
    assert {address: c for address, c in counts.items() if c != 1} == {}
    # The case under test happened: claims were retaken while the fan-out ran, and the rows
    # were sent by their later holders (the first scan claimed all n under one token).
    assert Delivery.objects.values("claimed_by").distinct().count() > 1


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    broker, redis_url, tmp_path
):
    due_reminders()
    extra = {
        "EMAIL_BACKEND": "tests.meetings.reminders.slow_backend.SlowFileBackend",
        "SLOW_MAIL_SECONDS": "0.3",
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    first = start_worker(
        redis_url=redis_url,
        mail_dir=tmp_path / "mail",
        log=tmp_path / "w.log",
        queue=tmp_path.name,
        **extra,
    )
    broker.send_task("meetings.reminders.scan", queue=tmp_path.name)
    assert wait_until(lambda: 2 <= sent() < N, 30), "the batch never started"
    # Kill while a message is being sent (each takes SLOW_MAIL_SECONDS), halfway between two
    # accepted ones: a crash in the instant between the server accepting a message and its row
    # being marked sends that one message again (at least once, by design: see the README).
    seen = sent()
    deadline = time.monotonic() + 30
    while sent() == seen and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.15)
    stop(first, signal.SIGKILL)
    partial = sent()
    assert partial < N
    time.sleep(4)  # past the visibility timeout: the unacknowledged batch is delivered again
    second = start_worker(
        redis_url=redis_url,
        mail_dir=tmp_path / "mail",
        log=tmp_path / "w.log",
        queue=tmp_path.name,
        **extra,
    )
    try:
        assert wait_until(lambda: sent() == N, 90), (tmp_path / "w.log").read_text()[-3000:]
    finally:
        stop(second)
    addresses = recipients(tmp_path / "mail")
    assert sorted(addresses) == sorted(f"d{i}@example.org" for i in range(N)), (
        f"sent {len(addresses)} for {N}"
    )


def test_reminders_due_while_redis_is_down_are_sent_when_it_returns(broker, tmp_path):
    if shutil.which("redis-server") is None:
        require_service(
            "redis-server", "the Redis server binary is needed to stop and start a broker"
        )
    port = 6390
    url = f"redis://127.0.0.1:{port}/0"
    redis_process = start_redis(port, tmp_path)
    from celery import Celery

    client = Celery(broker=url)  # its own connection pool, on the broker this test stops and starts
    worker = start_worker(
        redis_url=url, mail_dir=tmp_path / "mail", log=tmp_path / "w.log", queue=tmp_path.name
    )
    try:
        time.sleep(2)
        redis_process.terminate()
        redis_process.wait(timeout=10)
        due_reminders()  # they fall due while the broker is down: they are rows, nothing is lost
        time.sleep(2)
        redis_process = start_redis(port, tmp_path)
        client.send_task("meetings.reminders.scan", queue=tmp_path.name)  # the next beat tick
        assert wait_until(lambda: sent() == N, 90), (tmp_path / "w.log").read_text()[-3000:]
    finally:
        stop(worker)
        redis_process.terminate()
    assert len(recipients(tmp_path / "mail")) == N
