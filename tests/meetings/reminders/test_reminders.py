"""Reminders and change notices: due once, sent once, never for stale dates or cancelled sessions."""

import datetime as dt
import itertools
import smtplib
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Delivery, PendingChange
from meetings.reminders.delivery import (
    RETRYABLE,
    deliveries_claim,
    deliveries_send,
    delivery_send,
    scan,
)
from meetings.reminders.notices import changes_plan
from meetings.reminders.planning import reminders_plan
from meetings.reminders.subscriptions import subscriber_subscribe
from meetings.reminders.tasks import scan_task
from meetings.services import sessions as services
from tests.factories import AgendaItemFactory, BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), GENEVA)


@pytest.fixture
def council():
    return BodyFactory(reminder_lead_days=[30, 7, 1])


def follower(
    *,
    bodies=(),
    everything=False,
    email="delegate@example.org",
    language="en",
    tz="Europe/Zurich",
    **extra,
):
    subscriber, _ = subscriber_subscribe(
        email=email, language=language, timezone_name=tz, bodies=list(bodies), everything=everything
    )
    subscriber.confirmed_at = timezone.now()
    for name, value in extra.items():
        setattr(subscriber, name, value)
    subscriber.save()
    return subscriber


def send_all(now: dt.datetime) -> list[str]:
    return [delivery_send(delivery_id=pk, claim="w", now=now) for pk in scan(claim="w", now=now)]


def test_a_reminder_falls_due_at_eight_in_the_subscribers_time_and_is_planned_once(council):
    session = SessionFactory(
        body=council, start_date=dt.date(2031, 5, 11), end_date=dt.date(2031, 5, 12)
    )
    follower(bodies=[council])
    follower(bodies=[council], everything=True, email="both@example.org")
    assert reminders_plan(now=at(dt.date(2031, 4, 11), 7)) == 0
    assert reminders_plan(now=at(dt.date(2031, 4, 11), 8)) == 2
    assert reminders_plan(now=at(dt.date(2031, 4, 11), 9)) == 0
    assert Delivery.objects.filter(session=session, lead_days=30).count() == 2


def test_the_message_has_dates_venue_agenda_and_an_ics_with_the_feeds_uid_and_sequence(council):
    session = SessionFactory(
        body=council,
        number=96,
        start_date=dt.date(2031, 12, 2),
        end_date=dt.date(2031, 12, 5),
        sequence=2,
    )
    AgendaItemFactory(session=session, label="1", title="Election of the Bureau")
    follower(bodies=[council], tz="Asia/Bangkok")
    assert send_all(at(dt.date(2031, 11, 25))) == [
        "sent",
        "sent",
    ]  # the 30- and 7-day reminders, both due
    message = mail.outbox[-1]
    assert message.subject == "Reminder: Ninety-sixth Session of the Council"
    assert "Dates: 2-5 December 2031 (venue time, Europe/Zurich)" in message.body
    assert (
        "in your time (Asia/Bangkok)" in message.body and "1 Election of the Bureau" in message.body
    )
    assert (
        message.extra_headers["List-Unsubscribe"].startswith("<http")
        and "List-Unsubscribe-Post" in message.extra_headers
    )
    (_name, content, mimetype) = message.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert (str(event["UID"]), int(event["SEQUENCE"]), mimetype) == (
        session.ical_uid("session"),
        2,
        "text/calendar; method=REQUEST; charset=utf-8",
    )


def test_a_reminder_computed_for_old_dates_is_not_sent(council):
    session = SessionFactory(
        body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    follower(bodies=[council])
    claimed = scan(claim="w", now=at(dt.date(2031, 4, 6)))
    services.session_reschedule(
        session=session, start=dt.date(2031, 5, 11), end=dt.date(2031, 5, 12)
    )
    assert [
        delivery_send(delivery_id=pk, claim="w", now=at(dt.date(2031, 4, 6))) for pk in claimed
    ] == ["skipped"]
    assert (
        Delivery.objects.get().reason
        == "the session's dates changed after this reminder was computed"
    )
    assert (
        reminders_plan(now=at(dt.date(2031, 4, 11), 8)) == 1
    )  # the new dates get their own reminder


def test_cancelled_sessions_get_no_reminders(council):
    session = SessionFactory(
        body=council,
        start_date=dt.date(2031, 5, 5),
        end_date=dt.date(2031, 5, 6),
        status="cancelled",
    )
    follower(bodies=[council])
    assert reminders_plan(now=at(dt.date(2031, 5, 1))) == 0
    assert not Delivery.objects.filter(session=session).exists()


def test_a_reminder_due_while_down_is_sent_if_the_session_has_not_begun_else_skipped(council):
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    follower(bodies=[council])
    assert sorted(send_all(at(dt.date(2031, 5, 4)))) == [
        "sent",
        "sent",
        "sent",
    ]  # 30, 7 and 1 days: all late, all sent
    begun = SessionFactory(
        body=council, start_date=dt.date(2031, 6, 1), end_date=dt.date(2031, 6, 3)
    )
    reminders_plan(now=at(dt.date(2031, 6, 2)))
    assert set(Delivery.objects.filter(session=begun).values_list("state", "reason")) == {
        ("skipped", "the session had begun when the reminder could be sent")
    }


def test_a_burst_of_edits_gives_one_change_notice_after_the_quiet_period(
    council, django_capture_on_commit_callbacks, settings
):
    settings.CHANGE_NOTICE_QUIET_SECONDS = 600
    session = SessionFactory(
        body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    follower(bodies=[council])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session, start=dt.date(2031, 5, 8), end=dt.date(2031, 5, 9)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session, start=dt.date(2031, 5, 11), end=dt.date(2031, 5, 12)
        )
    pending = PendingChange.objects.get()
    assert pending.changes["start_date"] == ["2031-05-05", "2031-05-11"]
    assert changes_plan(now=timezone.now()) == 0  # still quiet
    later = timezone.now() + dt.timedelta(minutes=11)
    assert changes_plan(now=later) == 1
    delivery = Delivery.objects.get(kind="change")
    Delivery.objects.filter(pk=delivery.pk).update(state="claimed", claimed_by="w")
    assert delivery_send(delivery_id=delivery.pk, claim="w", now=later) == "sent"
    assert "Dates: 5-6 May 2031 -> 11-12 May 2031" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Changed: ")


def test_a_cancellation_notice_carries_method_cancel(
    council, django_capture_on_commit_callbacks, settings
):
    settings.CHANGE_NOTICE_QUIET_SECONDS = 0
    session = SessionFactory(
        body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    follower(bodies=[council])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    send_all(timezone.now() + dt.timedelta(seconds=1))
    notice = next(m for m in mail.outbox if m.subject.startswith("Changed"))
    assert "METHOD:CANCEL" in str(notice.attachments[0][1]) and notice.attachments[0][2].startswith(
        "text/calendar; method=CANCEL"
    )


def test_two_workers_never_claim_the_same_row_and_lost_claims_are_retaken(council, settings):
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    for i in range(5):
        follower(bodies=[council], email=f"d{i}@example.org")
    now = at(dt.date(2031, 5, 4))
    reminders_plan(now=now)
    first = deliveries_claim(claim="a", limit=8, now=now)
    second = deliveries_claim(claim="b", now=now)
    assert len(first) + len(second) == 15 and not set(first) & set(second)
    later = now + dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1)
    assert sorted(deliveries_claim(claim="c", now=later)) == sorted(first + second)


def test_smtp_failures_retry_with_back_off_then_fail_with_the_error(council, settings):
    settings.EMAIL_BACKEND = "tests.meetings.reminders.failing_backend.FailingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    follower(bodies=[council], lead_days=[1])
    now = at(dt.date(2031, 5, 4))
    assert send_all(now) == ["pending"]
    delivery = Delivery.objects.get()
    assert (delivery.attempts, delivery.retry_at - now, delivery.error) == (
        1,
        dt.timedelta(minutes=1),
        "SMTPServerDisconnected: the mail server went away",
    )
    assert send_all(now + dt.timedelta(seconds=30)) == []  # not before its retry time
    assert send_all(now + dt.timedelta(minutes=2)) == ["pending"]
    assert send_all(now + dt.timedelta(minutes=10)) == ["failed"]
    assert Delivery.objects.get().state == "failed"


def test_the_secretariat_is_reminded_of_a_missing_notice(council):
    SessionFactory(body=council, start_date=dt.date(2031, 11, 24), end_date=dt.date(2031, 11, 27))
    follower(everything=True, email="meetings@example.org", is_secretariat=True, lead_days=[400])
    now = at(dt.date(2031, 10, 20))
    states = send_all(now)
    assert "sent" in states
    deadline = next(m for m in mail.outbox if m.subject.startswith("Deadline"))
    assert (
        "Notice of the session due on 25 October 2031 (30 days before a regular session): not yet done."
        in deadline.body
    )


def test_in_process_the_periodic_task_sends_without_redis(council, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    SessionFactory(
        body=council,
        start_date=timezone.localdate() + dt.timedelta(days=1),
        end_date=timezone.localdate() + dt.timedelta(days=2),
    )
    follower(bodies=[council], lead_days=[3])
    assert scan_task() == 1
    assert Delivery.objects.get().state == "sent" and len(mail.outbox) == 1


def test_smtp_error_is_retryable():
    assert issubclass(smtplib.SMTPServerDisconnected, RETRYABLE)


def test_one_tick_sends_everything_due_even_beyond_one_claim(council, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    monkeypatch.setattr("meetings.reminders.delivery.CLAIM_LIMIT", 2)
    SessionFactory(
        body=council,
        start_date=timezone.localdate() + dt.timedelta(days=1),
        end_date=timezone.localdate() + dt.timedelta(days=2),
    )
    for i in range(5):
        follower(bodies=[council], lead_days=[3], email=f"d{i}@example.org")
    assert scan_task() == 5
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_a_batch_sends_none_of_the_rows_a_later_claim_has_retaken(council, settings):
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    for i in range(3):
        follower(bodies=[council], email=f"d{i}@example.org", lead_days=[1])
    now = at(dt.date(2031, 5, 4))
    reminders_plan(now=now)
    first = deliveries_claim(claim="a", now=now)
    # The batch waited in the broker past the claim timeout: a scan retakes its rows.
    later = now + dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1)
    assert deliveries_claim(claim="b", now=later) == first
    assert deliveries_send(delivery_ids=first, claim="a", now=later) == {}
    assert mail.outbox == []
    assert set(deliveries_send(delivery_ids=first, claim="b", now=later).values()) == {"sent"}
    assert deliveries_send(delivery_ids=first, claim="a", now=later) == {}
    assert sorted(m.to[0] for m in mail.outbox) == [f"d{i}@example.org" for i in range(3)]


def test_a_row_retaken_while_its_batch_runs_is_sent_only_by_its_new_holder(council, settings):
    settings.EMAIL_BACKEND = "tests.meetings.reminders.retaking_backend.RetakingBackend"
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    for i in range(3):
        follower(bodies=[council], email=f"d{i}@example.org", lead_days=[1])
    now = at(dt.date(2031, 5, 4))
    claimed = scan(claim="a", now=now)
    # While the first message goes out, a rival claim takes the other two rows.
    states = deliveries_send(delivery_ids=claimed, claim="a", now=now)
    assert list(states.values()) == ["sent"] and len(mail.outbox) == 1
    assert Delivery.objects.filter(state="claimed", claimed_by="rival").count() == 2
    deliveries_send(delivery_ids=claimed, claim="rival", now=now)
    assert sorted(m.to[0] for m in mail.outbox) == [f"d{i}@example.org" for i in range(3)]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_each_delivery_is_stamped_with_the_time_its_message_went_out(
    council, settings, monkeypatch, tmp_path
):
    settings.EMAIL_BACKEND = "tests.meetings.reminders.slow_backend.SlowFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    monkeypatch.setenv("SLOW_MAIL_SECONDS", "0.2")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    SessionFactory(body=council, start_date=tomorrow, end_date=tomorrow)
    for i in range(3):
        follower(bodies=[council], email=f"d{i}@example.org", lead_days=[3])
    before = timezone.now()
    claimed = scan(claim="w")
    deliveries_send(delivery_ids=claimed, claim="w")
    stamps = sorted(Delivery.objects.values_list("sent_at", flat=True))
    assert stamps[0] >= before + dt.timedelta(seconds=0.2)  # after the first message, not before
    assert all(b - a >= dt.timedelta(seconds=0.2) for a, b in itertools.pairwise(stamps))


def test_the_scan_has_a_queue_of_its_own_and_make_serve_runs_a_worker_on_it():
    from django.conf import settings

    from config.celery import app
    from tests.ops.procfile import procfile_commands

    scan_queue = app.amqp.router.route({}, "meetings.reminders.scan")["queue"].name
    send_queue = app.amqp.router.route({}, "meetings.reminders.send_batch")["queue"].name
    assert (scan_queue, send_queue) == ("scan", app.conf.task_default_queue)
    # config/serve.py hands the Procfile the settings' scan queue.
    commands = procfile_commands({"CELERY_SCAN_QUEUE": settings.SCAN_QUEUE})
    consumed = [
        command[command.index("-Q") + 1] if "-Q" in command else app.conf.task_default_queue
        for command in commands.values()
        if "worker" in command
    ]
    assert sorted(consumed) == sorted([send_queue, scan_queue])
