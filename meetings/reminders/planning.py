"""What is due: the reminder rows (Delivery) before sessions and secretariat deadlines.

Planning only inserts rows, and the unique occasion keeps one per address, so every scan may
plan again. Finding followers and placing a message in a digest serve the change notices too.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from meetings.domain.deadlines import session_deadlines
from meetings.models import Delivery, Session, Subscriber, Subscription
from meetings.models.reminders import DeliveryKind, DeliveryMode, DeliveryState
from meetings.reminders.notifications import DEFAULT_LEAD_DAYS


def deliveries_insert(rows: list[Delivery]) -> int:
    """Insert the rows not there yet; returns how many were new. The unique constraint settles races."""
    if not rows:
        return 0
    occasions = {row.occasion for row in rows}
    existing = set(
        Delivery.objects.filter(occasion__in=occasions).values_list("subscriber_id", "occasion")
    )
    new = [row for row in rows if (row.subscriber_id, row.occasion) not in existing]
    Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return len(new)


class Follower(NamedTuple):
    """What planning needs of a subscriber, without building model instances by the thousand."""

    pk: int
    timezone: str
    lead_days: list[int]
    mode: str


def followers_by_body() -> dict[int | None, list[Follower]]:
    """Active subscribers by followed body id (None: every body), in one query."""
    followers: dict[int | None, list[Follower]] = {}
    rows = Subscription.objects.filter(
        subscriber__confirmed_at__isnull=False, subscriber__unsubscribed_at__isnull=True
    ).values_list(
        "body_id",
        "subscriber_id",
        "subscriber__timezone",
        "subscriber__lead_days",
        "subscriber__mode",
    )
    for body_id, *subscriber in rows:
        followers.setdefault(body_id, []).append(Follower(*subscriber))
    return followers


def followers_of(session: Session, followers: dict) -> list[Follower]:
    """Each address once, even when it follows the session through several subscriptions."""
    unique = {s.pk: s for s in [*followers.get(session.body_id, []), *followers.get(None, [])]}
    return list(unique.values())


def _due_at(start: dt.date, lead: int, subscriber: Follower) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(subscriber.timezone)
    return dt.datetime.combine(
        start - dt.timedelta(days=lead), dt.time(settings.REMINDER_HOUR), zone
    )


def digest_due(
    due: dt.datetime, subscriber: Follower | Subscriber, before: dt.date | None
) -> dt.datetime:
    """When a digest subscriber gets a message due at ``due``: the next daily (or Monday) digest.

    A digest never holds a message past the session's first day: then it goes at ``due``.
    """
    if subscriber.mode == DeliveryMode.IMMEDIATE:
        return due
    zone = zoneinfo.ZoneInfo(subscriber.timezone)
    local = due.astimezone(zone)
    slot = dt.datetime.combine(local.date(), dt.time(settings.REMINDER_HOUR), zone)
    if slot < local:
        slot += dt.timedelta(days=1)
    if subscriber.mode == DeliveryMode.WEEKLY:
        slot += dt.timedelta(days=(7 - slot.weekday()) % 7)
    if before is not None and slot >= dt.datetime.combine(before, dt.time(0), zone):
        return due
    return slot


def reminders_plan(*, now: dt.datetime | None = None, horizon_days: int = 400) -> int:
    """Create the reminder rows that are due by now (idempotent: the unique occasion keeps one per address)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    followers = followers_by_body()
    if not followers:
        return 0
    sessions = (
        Session.objects.public()
        .exclude(status="cancelled")
        .filter(
            start_date__gte=today - dt.timedelta(days=1),
            start_date__lte=today + dt.timedelta(days=horizon_days),
            date_precision="day",
        )
        .select_related("body")
    )
    candidates = []
    for session in sessions:
        body_leads = session.body.reminder_lead_days or DEFAULT_LEAD_DAYS
        for subscriber in followers_of(session, followers):
            for lead in subscriber.lead_days or body_leads:
                due = _due_at(session.start_date, lead, subscriber)
                if due <= now:
                    occasion = (
                        f"reminder:{session.pk}:{lead}:{session.start_date}:{session.end_date}"
                    )
                    candidates.append((subscriber, session, lead, due, occasion))
    # Most scans find every due reminder planned already: check before building any row.
    existing = set(
        Delivery.objects.filter(occasion__in={c[4] for c in candidates}).values_list(
            "subscriber_id", "occasion"
        )
    )
    rows = []
    for subscriber, session, lead, due, occasion in candidates:
        if (subscriber.pk, occasion) in existing:
            continue
        started = now.date() >= session.start_date
        rows.append(
            Delivery(
                subscriber_id=subscriber.pk,
                kind=DeliveryKind.REMINDER,
                session=session,
                occasion=occasion,
                lead_days=lead,
                session_start=session.start_date,
                session_end=session.end_date,
                due_at=digest_due(due, subscriber, session.start_date),
                state=DeliveryState.SKIPPED if started else DeliveryState.PENDING,
                reason="the session had begun when the reminder could be sent" if started else "",
            )
        )
    # The unique constraint settles a race with a concurrent scan.
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def deadlines_plan(*, now: dt.datetime | None = None, leads: tuple[int, ...] = (7, 1)) -> int:
    """Reminders to secretariat subscribers before the notice, provisional agenda and documents are due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    staff = list(
        Subscriber.objects.filter(
            is_secretariat=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
    )
    if not staff:
        return 0
    rows = []
    sessions = (
        Session.objects.exclude(status__in=["cancelled", "held"])
        .filter(start_date__gte=today)
        .select_related("body")
        .prefetch_related("agenda_versions")
    )
    for session in sessions:
        for deadline in session_deadlines(session):
            if deadline.done_on is not None:
                continue
            for lead in leads:
                if today < deadline.due_on - dt.timedelta(days=lead) or today > deadline.due_on:
                    continue
                missing = f"{deadline.label} due on {deadline.due_on:%d %B %Y} ({deadline.rule}): not yet done."
                for subscriber in staff:
                    rows.append(
                        Delivery(
                            subscriber=subscriber,
                            kind=DeliveryKind.DEADLINE,
                            session=session,
                            lead_days=lead,
                            occasion=f"deadline:{session.pk}:{deadline.kind}:{deadline.due_on}:{lead}",
                            session_start=session.start_date,
                            session_end=session.end_date,
                            due_at=digest_due(now, subscriber, deadline.due_on),
                            reason=missing,
                        )
                    )
    return deliveries_insert(rows)
