"""Daily and weekly digests: one message per subscriber per digest, never held past a session's start."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from meetings.models import Delivery, Subscriber
from meetings.reminders.delivery import deliveries_batches, deliveries_send, scan
from meetings.reminders.planning import reminders_plan
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.reminders.test_reminders import follower

pytestmark = pytest.mark.django_db
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def send_all(now: dt.datetime) -> list[str]:
    """As the periodic task does: claim, split into batches, send each batch."""
    claimed = scan(claim="w", now=now)
    states: dict[int, str] = {}
    for batch in deliveries_batches(claimed, 200):
        states.update(deliveries_send(delivery_ids=batch, claim="w", now=now))
    return [states[pk] for pk in claimed]


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), GENEVA)


@pytest.fixture
def bodies():
    return BodyFactory(key="council", reminder_lead_days=[30]), BodyFactory(
        key="scpf", reminder_lead_days=[30]
    )


def test_a_daily_digest_gathers_the_days_reminders_into_one_message(bodies):
    council, scpf = bodies
    for body, day in ((council, 11), (scpf, 11)):
        SessionFactory(
            body=body, start_date=dt.date(2031, 5, day), end_date=dt.date(2031, 5, day + 1)
        )
    follower(everything=True, mode="daily")
    follower(everything=True, email="each@example.org")
    sent = send_all(at(dt.date(2031, 4, 11)))
    assert sent == ["sent", "sent", "sent", "sent"]
    digests = [m for m in mail.outbox if m.to == ["delegate@example.org"]]
    assert len(digests) == 1 and len([m for m in mail.outbox if m.to == ["each@example.org"]]) == 2
    digest = digests[0]
    assert digest.subject == "Governance Calendar: 2 updates"
    assert digest.body.count("Reminder: ") == 2 and digest.body.count("Unsubscribe: ") == 1
    assert len(digest.attachments) == 2 and all(
        a[2].startswith("text/calendar") for a in digest.attachments
    )


def test_a_weekly_digest_waits_for_monday_in_the_subscribers_time(bodies):
    council, _ = bodies
    SessionFactory(body=council, start_date=dt.date(2031, 6, 20), end_date=dt.date(2031, 6, 21))
    subscriber = follower(bodies=[council], mode="weekly", tz="Asia/Bangkok")
    reminders_plan(now=at(dt.date(2031, 5, 21), 12))  # a Wednesday
    delivery = Delivery.objects.get(subscriber=subscriber)
    local = delivery.due_at.astimezone(zoneinfo.ZoneInfo("Asia/Bangkok"))
    assert (local.date(), local.hour) == (dt.date(2031, 5, 26), 8)
    assert scan(claim="w", now=at(dt.date(2031, 5, 25))) == []
    assert send_all(at(dt.date(2031, 5, 26), 9)) == ["sent"]
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder: ")


def test_a_digest_never_holds_a_reminder_past_the_sessions_first_day(bodies):
    council, _ = bodies
    council.reminder_lead_days = [1]
    council.save()
    SessionFactory(body=council, start_date=dt.date(2031, 5, 22), end_date=dt.date(2031, 5, 23))
    subscriber = follower(bodies=[council], mode="weekly")
    reminders_plan(now=at(dt.date(2031, 5, 21), 12))
    due = Delivery.objects.get(subscriber=subscriber).due_at
    assert due == at(dt.date(2031, 5, 21), 8)  # at once, not on the Monday after


def test_batches_keep_one_subscribers_rows_together():
    council = BodyFactory(reminder_lead_days=[30, 7])
    SessionFactory(body=council, start_date=dt.date(2031, 5, 11), end_date=dt.date(2031, 5, 12))
    for i in range(5):
        follower(bodies=[council], email=f"d{i}@example.org", mode="daily")
    claimed = scan(claim="w", now=at(dt.date(2031, 5, 6)))
    assert len(claimed) == 10
    batches = deliveries_batches(claimed, 3)
    owners = dict(Delivery.objects.values_list("pk", "subscriber_id"))
    assert sorted(pk for batch in batches for pk in batch) == sorted(claimed)
    for batch in batches:
        others = [b for b in batches if b is not batch]
        assert not {owners[pk] for pk in batch} & {owners[pk] for b in others for pk in b}


def test_the_subscribe_page_sets_lead_times_and_delivery(client, bodies):
    council, _ = bodies
    response = client.post(
        "/subscribe/",
        {
            "email": "d@example.org",
            "language": "en",
            "timezone": "Europe/Zurich",
            "bodies": [council.pk],
            "lead_days": ["7", "60"],
            "mode": "weekly",
        },
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert (subscriber.lead_days, subscriber.mode) == ([60, 7], "weekly")
    bad = client.post(
        "/subscribe/",
        {
            "email": "e@example.org",
            "language": "en",
            "timezone": "Europe/Zurich",
            "bodies": [council.pk],
            "lead_days": ["5"],
            "mode": "hourly",
        },
    )
    assert bad.status_code == 400 and b"Select a valid choice" in bad.content
    assert Subscriber.objects.count() == 1
