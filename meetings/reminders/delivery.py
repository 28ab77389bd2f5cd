"""Delivery: claim what is due, send it exactly once, retry with back-off, split into batches.

Due messages are rows (Delivery), found by a periodic scan and claimed with a conditional
UPDATE; the broker only ever carries short tasks ("send these ids now"), never messages
scheduled weeks ahead, which Redis would re-deliver after its visibility timeout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
import socket
import time

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings.models import Delivery, Session
from meetings.models.reminders import DeliveryKind, DeliveryMode, DeliveryState
from meetings.reminders.alerts import alerts_plan
from meetings.reminders.notices import changes_plan
from meetings.reminders.notifications import Parts, build_digest, build_message
from meetings.reminders.planning import deadlines_plan, reminders_plan
from meetings.reminders.registration_notices import registration_closing_plan
from meetings.reminders.subscriptions import unsubscribe_token

logger = logging.getLogger(__name__)
RETRYABLE = (smtplib.SMTPException, OSError, socket.timeout)


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
        ).select_related("subscriber", "change", "saved_search__body")
    )
    session_ids = {d.session_id for d in deliveries if d.session_id is not None}
    sessions = (
        {s.pk: s for s in Session.objects.with_calendar_data().filter(pk__in=session_ids)}
        if session_ids
        else {}
    )
    started = clock()
    outcome: dict[int, str] = {}
    skipped: dict[str, list[int]] = {}
    to_send = []
    parts = Parts()  # texts and .ics shared by the batch's messages, built once
    for delivery in deliveries:
        if delivery.session_id is not None:
            delivery.session = sessions[delivery.session_id]
        reason = _skip_reason(delivery, delivery.session, started) or _alert_skip_reason(
            delivery, parts
        )
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
    """One message per delivery, except a digest subscriber's deliveries: one message for all;
    and the alerts of one scan to one subscriber, from several saved searches, go as one."""
    units: list[list[Delivery]] = []
    digests: dict[int, list[Delivery]] = {}
    for delivery in deliveries:
        if (
            delivery.subscriber.mode == DeliveryMode.IMMEDIATE
            and delivery.kind != DeliveryKind.ALERT
        ):
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


def _alert_skip_reason(delivery: Delivery, parts: Parts) -> str:
    if delivery.kind != DeliveryKind.ALERT:
        return ""
    if delivery.saved_search is None or not delivery.saved_search.active:
        return "the saved search was removed"
    if not parts.alert_matches(delivery):
        return "nothing it matched is public any more"
    return ""


def _skip_reason(delivery: Delivery, session: Session | None, now: dt.datetime) -> str:
    if not delivery.subscriber.is_active:
        return "the subscriber is no longer active"
    if delivery.kind == DeliveryKind.REMINDER and session is not None:
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


def delivery_resend(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Queue a failed delivery again, with its attempts afresh: the next scan claims it and
    sends it once. Returns whether it was queued.

    Only a failed row is queued, by one conditional UPDATE. A row pending or being sent (claimed)
    is left alone: put back to pending under its sender, it would be claimed and mailed a second
    time. So is a sent or skipped one, and a second resend (a double click, two officers) of a
    row already queued changes nothing.
    """
    now = now or timezone.now()
    return bool(
        Delivery.objects.filter(pk=delivery_id, state=DeliveryState.FAILED).update(
            state=DeliveryState.PENDING,
            retry_at=None,
            attempts=0,
            claimed_at=None,
            claimed_by="",
            error="",
            reason="resent",
            updated_at=now,
        )
    )


def scan(*, claim: str, now: dt.datetime | None = None) -> list[int]:
    """Plan everything due and claim it for ``claim``; the caller sends the claimed ids (in batches)."""
    now = now or timezone.now()
    reminders_plan(now=now)
    deadlines_plan(now=now)
    changes_plan(now=now)
    registration_closing_plan(now=now)
    alerts_plan(now=now)
    return deliveries_claim(claim=claim, now=now)
