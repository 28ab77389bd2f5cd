"""Change notices: a change to a session is held for a quiet period (a burst of edits merges
into one notice), then becomes one delivery per follower."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meetings.models import Delivery, PendingChange
from meetings.models.reminders import DeliveryKind
from meetings.reminders.planning import (
    deliveries_insert,
    digest_due,
    followers_by_body,
    followers_of,
)


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
    followers = followers_by_body() if pendings else {}
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
                    due_at=digest_due(now, s, session.start_date),
                )
                for s in followers_of(session, followers)
            ]
        )
        with transaction.atomic():
            created += deliveries_insert(rows)
            PendingChange.objects.filter(pk=pending.pk).update(processed_at=now)
    return created
