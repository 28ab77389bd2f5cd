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
import time
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings.domain.deadlines import session_deadlines
from meetings.models import Delivery, PendingChange, Session, Subscriber, Subscription
from meetings.models.reminders import DeliveryKind, DeliveryMode, DeliveryState, SubscriptionRequest
from meetings.reminders.notifications import DEFAULT_LEAD_DAYS, Parts, build_digest, build_message

logger = logging.getLogger(__name__)
RETRYABLE = (smtplib.SMTPException, OSError, socket.timeout)
UNSUBSCRIBE_SALT = "governance-calendar.unsubscribe"
CONFIRMATION_DAYS = 7  # how long a confirmation link works


# --- subscribers -----------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def subscriber_normalize_email(email: str) -> str:
    """The one spelling of an address: what is stored, and what per-address limits count."""
    return email.strip().lower()


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
    """Record a subscription request (double opt-in); returns the confirmation token, once.

    Nothing about a known address changes here, whether it is confirmed, unconfirmed or
    unsubscribed: the request waits in its own row until ``subscriber_confirm`` applies it, so
    whoever merely knows an address can neither change what it follows nor re-activate it nor
    void its unsubscribe links. A new address gets an inactive subscriber holding the request.
    """
    token = secrets.token_urlsafe(32)  # 256 bits, stored hashed
    now = timezone.now()
    settings_requested = {
        "language": language,
        "timezone": timezone_name,
        "lead_days": list(lead_days or []),
        "mode": mode,
    }
    with transaction.atomic():
        SubscriptionRequest.objects.filter(expires_at__lte=now).delete()
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=subscriber_normalize_email(email),
            # A secret no link carries yet: unsubscribe links are bound to it (see unsubscribe_token).
            defaults={"token_hash": _hash(secrets.token_urlsafe(32)), **settings_requested},
        )
        if created:
            subscriber.full_clean()
            _set_subscriptions(subscriber, bodies=bodies, everything=everything)
        request = SubscriptionRequest(
            subscriber=subscriber,
            token_hash=_hash(token),
            everything=everything,
            expires_at=now + dt.timedelta(days=CONFIRMATION_DAYS),
            **settings_requested,
        )
        request.full_clean()
        request.save()
        request.bodies.set(bodies)
    return subscriber, token


def _set_subscriptions(subscriber: Subscriber, *, bodies: list, everything: bool) -> None:
    subscriber.subscriptions.all().delete()
    if everything:
        Subscription.objects.create(subscriber=subscriber, body=None)
    Subscription.objects.bulk_create(
        Subscription(subscriber=subscriber, body=body) for body in bodies
    )


def subscription_request_by_token(token: str) -> SubscriptionRequest | None:
    """The pending request a confirmation link names, if it is still valid; nothing is applied."""
    return SubscriptionRequest.objects.filter(
        token_hash=_hash(token), expires_at__gt=timezone.now()
    ).first()


def subscriber_confirm(*, token: str) -> Subscriber | None:
    """Apply the request whose link was followed: its settings, active again, a new secret.

    The subscriber's other pending requests are dropped, and its old unsubscribe links retired
    (the owner has just proved the address again). An expired or used link changes nothing.
    """
    digest = _hash(token)
    with transaction.atomic():
        request = (
            SubscriptionRequest.objects.select_for_update()
            .filter(token_hash=digest, expires_at__gt=timezone.now())
            .first()
        )
        if request is None or not hmac.compare_digest(request.token_hash, digest):
            return None
        subscriber = Subscriber.objects.select_for_update().get(pk=request.subscriber_id)
        subscriber.language, subscriber.timezone = request.language, request.timezone
        subscriber.lead_days, subscriber.mode = request.lead_days, request.mode
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.token_hash = _hash(secrets.token_urlsafe(32))
        subscriber.save()
        _set_subscriptions(
            subscriber, bodies=list(request.bodies.all()), everything=request.everything
        )
        subscriber.requests.all().delete()
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


def claim_token(*, worker: str) -> str:
    """A new claim's holder token: each claim (every scan's, every retake) has its own."""
    return f"{worker}:{secrets.token_hex(6)}"


def deliveries_claim(
    *, claim: str, limit: int | None = None, now: dt.datetime | None = None
) -> list[int]:
    """Claim due rows for ``claim`` with one conditional UPDATE: two claims never hold one row.

    Rows are locked with SKIP LOCKED, so concurrent scans split the work instead of waiting.
    A claim its holder has not renewed for REMINDER_CLAIM_TIMEOUT_SECONDS (its worker died or
    its batch was lost) is taken over by the new claim; the old holder, should it still be
    alive, then finds the row no longer its own and leaves it to the new one.
    """
    now, limit = now or timezone.now(), limit or CLAIM_LIMIT
    stale = now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    due = Delivery.objects.filter(
        Q(state=DeliveryState.PENDING, due_at__lte=now)
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        | Q(state=DeliveryState.CLAIMED, claimed_at__lt=stale)
    )
    with transaction.atomic():
        ids = list(
            due.order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.CLAIMED, claimed_at=now, claimed_by=claim, updated_at=now
        )
    return ids


def delivery_send(*, delivery_id: int, claim: str, now: dt.datetime | None = None) -> str:
    """Send one delivery ``claim`` holds; returns its state afterwards."""
    states = deliveries_send(delivery_ids=[delivery_id], claim=claim, now=now)
    if delivery_id in states:
        return states[delivery_id]
    return Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first() or "gone"


def deliveries_send(
    *, delivery_ids: list[int], claim: str, now: dt.datetime | None = None
) -> dict[int, str]:
    """Send the rows of a batch that ``claim`` still holds, over one mail connection.

    Only the holder of a row's current claim sends it. The batch renews its claims when it
    starts and every third of the claim timeout while it runs (a slow fan-out keeps them), takes
    each message's rows with a conditional UPDATE right before sending, and marks them sent only
    while it still holds them. A row retaken meanwhile by a later scan (this batch waited or
    stalled past the timeout) is left to its new holder. SMTP errors retry with bounded
    back-off, kept in the row. ``now`` fixes the clock (tests); otherwise each step reads it.
    """
    from django.core.mail import get_connection

    clock = (lambda: now) if now is not None else timezone.now
    _renew(delivery_ids, claim, clock())
    deliveries = list(
        Delivery.objects.filter(
            pk__in=delivery_ids, state=DeliveryState.CLAIMED, claimed_by=claim
        ).select_related("subscriber", "change")
    )
    sessions = {
        s.pk: s
        for s in Session.objects.with_calendar_data().filter(
            pk__in={d.session_id for d in deliveries}
        )
    }
    started = clock()
    outcome: dict[int, str] = {}
    skipped: dict[str, list[int]] = {}
    to_send = []
    for delivery in deliveries:
        delivery.session = sessions[delivery.session_id]
        reason = _skip_reason(delivery, delivery.session, started)
        if reason:
            skipped.setdefault(reason, []).append(delivery.pk)
            outcome[delivery.pk] = DeliveryState.SKIPPED
        else:
            to_send.append(delivery)
    for reason, ids in skipped.items():
        Delivery.objects.filter(pk__in=ids, state=DeliveryState.CLAIMED, claimed_by=claim).update(
            state=DeliveryState.SKIPPED, reason=reason, updated_at=started
        )
    if not to_send:
        return outcome
    units = _units(to_send)
    every = settings.REMINDER_CLAIM_TIMEOUT_SECONDS / 3
    renew_at = time.monotonic() + every
    # A hung SMTP server fails the message (it retries later) before its claim could be retaken.
    wait = settings.REMINDER_CLAIM_TIMEOUT_SECONDS / 2
    connection = get_connection(timeout=min(settings.EMAIL_TIMEOUT or wait, wait))
    parts = Parts()  # texts and .ics shared by the batch's messages, built once
    try:
        _durable_commits(False)
        connection.open()
        _marked, taken = _mark_and_take([], [d.pk for d in units[0]], claim, clock())
        for index, unit in enumerate(units):
            if time.monotonic() >= renew_at:
                _renew([d.pk for u in units[index:] for d in u], claim, clock())
                renew_at = time.monotonic() + every
            following = [d.pk for d in units[index + 1]] if index + 1 < len(units) else []
            unit = [d for d in unit if d.pk in taken]
            if not unit:  # retaken by a later claim: its new holder sends it
                _marked, taken = _mark_and_take([], following, claim, clock())
                continue
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
                    outcome[delivery.pk] = _retry(delivery, error, claim, clock())
                _marked, taken = _mark_and_take([], following, claim, clock())
            else:
                # Marked at once, not at the end of the batch: a worker killed mid-batch must
                # leave every mailed row marked, or the re-delivered batch would mail it again.
                ids = [delivery.pk for delivery in unit]
                marked, taken = _mark_and_take(ids, following, claim, clock())
                if len(marked) < len(ids):
                    logger.warning("deliveries %s were retaken while being sent", ids)
                outcome.update(dict.fromkeys(ids, DeliveryState.SENT))
    finally:
        with contextlib.suppress(Exception):
            connection.close()
        _durable_commits(True)
    return outcome


def _renew(ids: list[int], claim: str, now: dt.datetime) -> None:
    """Keep the claims ``claim`` still holds alive (a heartbeat): no scan retakes them."""
    Delivery.objects.filter(pk__in=ids, state=DeliveryState.CLAIMED, claimed_by=claim).update(
        claimed_at=now
    )


def _mark_and_take(
    sent: list[int], take: list[int], claim: str, now: dt.datetime
) -> tuple[set[int], set[int]]:
    """Mark the rows of the message just sent, and take those of the next, if ``claim`` holds
    them; returns (marked, taken). One short statement per message: the hot path of a fan-out.

    Taking renews the claim right before the message goes out: a scan retakes a row only once
    its claim is older than the claim timeout, so the sender has all of it to send and mark.
    ``sent_at`` is when that message went out, not when its batch began.

    Between the SMTP server's "250 OK" and this commit lies a window no claim can close: a
    worker killed in it has mailed a message it could not mark. We choose at-least-once there:
    the row stays claimed, is retaken after the claim timeout and mailed again; marking before
    sending (at-most-once) would instead lose the message of every worker killed mid-send. The
    window is one message long, and slowness alone cannot open it: the rows were just taken
    with a fresh claim, and each wait on the SMTP server is bounded by half the claim timeout.
    """
    if not sent and not take:
        return set(), set()
    table = Delivery._meta.db_table
    sent_in = f"id IN ({', '.join(['%s'] * len(sent))})" if sent else "FALSE"
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET claimed_at = %s, "
            f"state = CASE WHEN {sent_in} THEN %s ELSE state END, "
            f"sent_at = CASE WHEN {sent_in} THEN %s ELSE sent_at END, "
            f"updated_at = CASE WHEN {sent_in} THEN %s ELSE updated_at END "
            f"WHERE id IN ({', '.join(['%s'] * (len(sent) + len(take)))}) "
            "AND state = %s AND claimed_by = %s RETURNING id, state",
            [
                now,
                *sent,
                DeliveryState.SENT,
                *sent,
                now,
                *sent,
                now,
                *sent,
                *take,
                DeliveryState.CLAIMED,
                claim,
            ],
        )
        rows = cursor.fetchall()
    return (
        {pk for pk, state in rows if state == DeliveryState.SENT},
        {pk for pk, state in rows if state == DeliveryState.CLAIMED},
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


def _retry(delivery: Delivery, error: Exception, claim: str, now: dt.datetime) -> str:
    attempts = delivery.attempts + 1
    held = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.CLAIMED, claimed_by=claim)
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        held.update(
            state=DeliveryState.FAILED,
            attempts=attempts,
            error=f"{type(error).__name__}: {error}",
            updated_at=now,
        )
        return DeliveryState.FAILED
    # Bounded back-off (1, 2, 4 ... 60 minutes) kept in the row, not in a broker countdown.
    wait = min(60 * 2 ** (attempts - 1), 3600)
    held.update(
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


def scan(*, claim: str, now: dt.datetime | None = None) -> list[int]:
    """Plan everything due and claim it for ``claim``; the caller sends the claimed ids (in batches)."""
    now = now or timezone.now()
    reminders_plan(now=now)
    deadlines_plan(now=now)
    changes_plan(now=now)
    return deliveries_claim(claim=claim, now=now)
