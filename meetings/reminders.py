"""Reminder and change-notice services: plan what is due, claim it, send it, exactly once.

Due messages are rows (Delivery), found by a periodic scan and claimed with a conditional
UPDATE; the broker only ever carries short tasks ("send these ids now"), never messages
scheduled weeks ahead, which Redis would re-deliver after its visibility timeout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import secrets
import smtplib
import socket
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .deadlines import session_deadlines
from .models import Delivery, PendingChange, Session, Subscriber, Subscription
from .models.reminders import DeliveryKind, DeliveryMode, DeliveryState
from .notifications import DEFAULT_LEAD_DAYS, Parts, build_digest, build_message

logger = logging.getLogger(__name__)
RETRYABLE = (smtplib.SMTPException, OSError, socket.timeout)
UNSUBSCRIBE_SALT = "governance-calendar.unsubscribe"


# --- subscribers -----------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def subscriber_subscribe(
    *,
    email: str,
    language: str,
    timezone_name: str,
    bodies: list,
    everything: bool = False,
    lead_days: list[int] | None = None,
    mode: str = DeliveryMode.IMMEDIATE,
) -> tuple[Subscriber, str]:
    """Create or refresh an unconfirmed subscriber (double opt-in); returns the confirmation token."""
    token = secrets.token_urlsafe(32)  # 256 bits, stored hashed
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email.strip().lower(),
            defaults={"token_hash": _hash(token), "language": language, "timezone": timezone_name},
        )
        subscriber.token_hash, subscriber.language, subscriber.timezone = (
            _hash(token),
            language,
            timezone_name,
        )
        subscriber.lead_days, subscriber.mode = list(lead_days or []), mode
        subscriber.unsubscribed_at = None
        subscriber.full_clean()
        subscriber.save()
        subscriber.subscriptions.all().delete()
        if everything:
            Subscription.objects.create(subscriber=subscriber, body=None)
        Subscription.objects.bulk_create(
            Subscription(subscriber=subscriber, body=body) for body in bodies
        )
    return subscriber, token


def subscriber_confirm(*, token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(token_hash=_hash(token)).first()
    if subscriber is None or not hmac.compare_digest(subscriber.token_hash, _hash(token)):
        return None
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at", "updated_at"])
    return subscriber


def unsubscribe_token(subscriber: Subscriber) -> str:
    """A signed link token bound to the subscriber's current secret: rotating it revokes every old link."""
    return signing.dumps(
        {"s": subscriber.pk, "h": subscriber.token_hash[:24]}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def subscriber_by_unsubscribe_token(token: str) -> Subscriber | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or not hmac.compare_digest(
        subscriber.token_hash[:24], str(data.get("h", ""))
    ):
        return None
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["unsubscribed_at", "updated_at"])
    Delivery.objects.filter(subscriber=subscriber, state=DeliveryState.PENDING).update(
        state=DeliveryState.SKIPPED, reason="unsubscribed", updated_at=timezone.now()
    )


# --- planning ----------------------------------------------------------------------------


def _insert(rows: list[Delivery]) -> int:
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


def _followers() -> dict[int | None, list[Follower]]:
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


def _followers_of(session: Session, followers: dict) -> list[Follower]:
    """Each address once, even when it follows the session through several subscriptions."""
    unique = {s.pk: s for s in [*followers.get(session.body_id, []), *followers.get(None, [])]}
    return list(unique.values())


def _due_at(start: dt.date, lead: int, subscriber: Follower) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(subscriber.timezone)
    return dt.datetime.combine(
        start - dt.timedelta(days=lead), dt.time(settings.REMINDER_HOUR), zone
    )


def _digest_due(
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
    followers = _followers()
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
        for subscriber in _followers_of(session, followers):
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
                due_at=_digest_due(due, subscriber, session.start_date),
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
                            due_at=_digest_due(now, subscriber, deadline.due_on),
                            reason=missing,
                        )
                    )
    return _insert(rows)


# --- change notices ----------------------------------------------------------------------


def change_record(*, session_id: int, kind: str, changes: dict) -> PendingChange:
    """Hold a change for the quiet period; a burst of edits merges into one notice (first old, last new)."""
    quiet = dt.timedelta(seconds=settings.CHANGE_NOTICE_QUIET_SECONDS)
    encoded = {name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()}
    with transaction.atomic():
        pending = (
            PendingChange.objects.select_for_update()
            .filter(session_id=session_id, processed_at__isnull=True)
            .first()
        )
        if pending is None:
            return PendingChange.objects.create(
                session_id=session_id,
                kind=kind,
                changes=encoded,
                notify_after=timezone.now() + quiet,
            )
        merged = dict(pending.changes)
        for name, (old, new) in encoded.items():
            merged[name] = [merged.get(name, [old])[0], new]
        pending.changes, pending.kind, pending.notify_after = merged, kind, timezone.now() + quiet
        pending.save()
        return pending


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def changes_plan(*, now: dt.datetime | None = None) -> int:
    """Turn changes whose quiet period is over into one delivery per follower."""
    now = now or timezone.now()
    pendings = list(
        PendingChange.objects.filter(
            processed_at__isnull=True, notify_after__lte=now
        ).select_related("session__body")
    )
    followers = _followers() if pendings else {}
    created = 0
    for pending in pendings:
        session = pending.session
        net = {k: v for k, v in pending.changes.items() if v[0] != v[1]}
        rows = (
            []
            if not net or not session.is_published
            else [
                Delivery(
                    subscriber_id=s.pk,
                    kind=DeliveryKind.CHANGE,
                    session=session,
                    change=pending,
                    occasion=f"change:{pending.pk}",
                    session_start=session.start_date,
                    session_end=session.end_date,
                    due_at=_digest_due(now, s, session.start_date),
                )
                for s in _followers_of(session, followers)
            ]
        )
        with transaction.atomic():
            created += _insert(rows)
            PendingChange.objects.filter(pk=pending.pk).update(processed_at=now)
    return created


# --- claiming and sending ----------------------------------------------------------------


CLAIM_LIMIT = 5000


def deliveries_claim(
    *, worker: str, limit: int | None = None, now: dt.datetime | None = None
) -> list[int]:
    """Claim due rows with one conditional UPDATE: two workers never claim the same row.

    Rows are locked with SKIP LOCKED, so concurrent scans split the work instead of waiting;
    rows claimed by a worker that died are taken back after the claim timeout.
    """
    now, limit = now or timezone.now(), limit or CLAIM_LIMIT
    stale = now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    due = Delivery.objects.filter(
        Q(state=DeliveryState.PENDING, due_at__lte=now)
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        | Q(state=DeliveryState.CLAIMED, claimed_at__lt=stale)
    )
    claim = f"{worker}:{secrets.token_hex(6)}"
    with transaction.atomic():
        ids = due.order_by("due_at", "pk").select_for_update(skip_locked=True).values("pk")[:limit]
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.CLAIMED, claimed_at=now, claimed_by=claim, updated_at=now
        )
    return list(
        Delivery.objects.filter(claimed_by=claim, state=DeliveryState.CLAIMED)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def delivery_send(*, delivery_id: int, worker: str = "", now: dt.datetime | None = None) -> str:
    """Send one claimed delivery; returns its final state."""
    states = deliveries_send(delivery_ids=[delivery_id], worker=worker, now=now)
    if delivery_id in states:
        return states[delivery_id]
    return Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first() or "gone"


def deliveries_send(
    *, delivery_ids: list[int], worker: str = "", now: dt.datetime | None = None
) -> dict[int, str]:
    """Send a batch of claimed deliveries over one mail connection, in a fixed number of queries.

    Only rows still claimed by this claim are sent (a re-delivered batch finds the sent ones done).
    SMTP errors retry with bounded back-off, kept in the row.
    """
    from django.core.mail import get_connection

    now = now or timezone.now()
    rows = Delivery.objects.filter(pk__in=delivery_ids, state=DeliveryState.CLAIMED).select_related(
        "subscriber", "change"
    )
    if worker:
        rows = rows.filter(claimed_by__startswith=worker)
    deliveries = list(rows)
    sessions = {
        s.pk: s
        for s in Session.objects.with_calendar_data().filter(
            pk__in={d.session_id for d in deliveries}
        )
    }
    outcome: dict[int, str] = {}
    skipped: dict[str, list[int]] = {}
    to_send = []
    for delivery in deliveries:
        delivery.session = sessions[delivery.session_id]
        reason = _skip_reason(delivery, delivery.session, now)
        if reason:
            skipped.setdefault(reason, []).append(delivery.pk)
            outcome[delivery.pk] = DeliveryState.SKIPPED
        else:
            to_send.append(delivery)
    for reason, ids in skipped.items():
        Delivery.objects.filter(pk__in=ids, state=DeliveryState.CLAIMED).update(
            state=DeliveryState.SKIPPED, reason=reason, updated_at=now
        )
    if to_send:
        connection = get_connection()
        parts = Parts()  # texts and .ics shared by the batch's messages, built once
        try:
            _durable_commits(False)
            connection.open()
            for unit in _units(to_send):
                try:
                    token = unsubscribe_token(unit[0].subscriber)
                    if len(unit) == 1:
                        message = build_message(unit[0], unsubscribe_token=token, parts=parts)
                    else:
                        message = build_digest(unit, unsubscribe_token=token, parts=parts)
                    message.connection = connection
                    message.send()
                except Exception as error:
                    # Kept with the row (SMTP or anything else), so nothing stays claimed and unexplained.
                    if not isinstance(error, RETRYABLE):
                        logger.exception("delivery %s could not be built or sent", unit[0].pk)
                    for delivery in unit:
                        outcome[delivery.pk] = _retry(delivery, error, now)
                else:
                    # Marked at once, not at the end of the batch: a worker killed mid-batch must
                    # leave every mailed row marked, or the re-delivered batch would mail it again.
                    ids = [delivery.pk for delivery in unit]
                    _mark_sent(ids, now)
                    outcome.update(dict.fromkeys(ids, DeliveryState.SENT))
        finally:
            with contextlib.suppress(Exception):
                connection.close()
            _durable_commits(True)
    return outcome


def _mark_sent(ids: list[int], now: dt.datetime) -> None:
    """One short statement per message (the hot path of a fan-out, so without the ORM's layers)."""
    table = Delivery._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s, updated_at = %s "
            f"WHERE id IN ({placeholders}) AND state = %s",
            [DeliveryState.SENT, now, now, *ids, DeliveryState.CLAIMED],
        )


def _durable_commits(durable: bool) -> None:
    """While a batch is sent, commits on PostgreSQL do not wait for the disk flush.

    Every mark is committed, and visible to every other process, before the next message goes:
    a worker killed at any point leaves no mailed row unmarked. Only a crash of PostgreSQL itself
    could lose the last fraction of a second of marks (those few messages would go again).
    """
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        return
    with db_connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit" if durable else "SET synchronous_commit TO OFF")


def _units(deliveries: list[Delivery]) -> list[list[Delivery]]:
    """One message per delivery, except a digest subscriber's deliveries: one message for all."""
    units: list[list[Delivery]] = []
    digests: dict[int, list[Delivery]] = {}
    for delivery in deliveries:
        if delivery.subscriber.mode == DeliveryMode.IMMEDIATE:
            units.append([delivery])
        else:
            digests.setdefault(delivery.subscriber_id, []).append(delivery)
    return units + list(digests.values())


def deliveries_batches(delivery_ids: list[int], size: int) -> list[list[int]]:
    """Split claimed ids into batches of about ``size`` that never split one subscriber's rows
    (a digest is one message, so all its rows must reach the same task)."""
    owners = dict(Delivery.objects.filter(pk__in=delivery_ids).values_list("pk", "subscriber_id"))
    by_subscriber: dict[int, list[int]] = {}
    for pk in delivery_ids:
        if pk in owners:
            by_subscriber.setdefault(owners[pk], []).append(pk)
    batches: list[list[int]] = [[]]
    for ids in by_subscriber.values():
        if batches[-1] and len(batches[-1]) + len(ids) > size:
            batches.append([])
        batches[-1].extend(ids)
    return [batch for batch in batches if batch]


def _skip_reason(delivery: Delivery, session: Session, now: dt.datetime) -> str:
    if not delivery.subscriber.is_active:
        return "the subscriber is no longer active"
    if delivery.kind == DeliveryKind.REMINDER:
        if session.status == "cancelled":
            return "the session was cancelled"
        if (session.start_date, session.end_date) != (delivery.session_start, delivery.session_end):
            return "the session's dates changed after this reminder was computed"
        if session.start_date and now.date() >= session.start_date:
            return "the session had begun when the reminder could be sent"
    return ""


def _retry(delivery: Delivery, error: Exception, now: dt.datetime) -> str:
    attempts = delivery.attempts + 1
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.FAILED,
            attempts=attempts,
            error=f"{type(error).__name__}: {error}",
            updated_at=now,
        )
        return DeliveryState.FAILED
    # Bounded back-off (1, 2, 4 ... 60 minutes) kept in the row, not in a broker countdown.
    wait = min(60 * 2 ** (attempts - 1), 3600)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING,
        attempts=attempts,
        retry_at=now + dt.timedelta(seconds=wait),
        error=f"{type(error).__name__}: {error}",
        updated_at=now,
    )
    return DeliveryState.PENDING


def delivery_resend(*, delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING,
        retry_at=None,
        attempts=0,
        error="",
        reason="resent",
        updated_at=timezone.now(),
    )


def scan(*, worker: str = "scan", now: dt.datetime | None = None) -> list[int]:
    """Plan everything due and claim it; the caller sends the claimed ids (in batches)."""
    now = now or timezone.now()
    reminders_plan(now=now)
    deadlines_plan(now=now)
    changes_plan(now=now)
    return deliveries_claim(worker=worker, now=now)
