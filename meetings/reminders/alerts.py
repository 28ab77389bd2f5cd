"""Saved-search alerts: each scan plans, for every active saved search, one delivery listing what
became public and matches it since the last scan (the same rows, claims and sends as reminders).

Exactly once: a saved search's high-water mark (``checked_until``) moves by a conditional UPDATE
in the transaction that inserts the delivery, and the delivery's occasion names the window's
start. Of concurrent scans starting from one mark, one moves it and plans; the others find it
moved and plan nothing, and the unique occasion would refuse a second row anyway.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from governance.models.search import SearchEntry
from meetings.models import Delivery, SavedSearch
from meetings.models.reminders import DeliveryKind
from meetings.reminders.matches import saved_search_matches
from meetings.reminders.planning import deliveries_insert, digest_due

# A scan looks only at what became public at least this long ago: the transaction that indexed a
# record may commit a moment after the record's public_since, and a mark moved past a record a
# scan could not see yet would never alert it.
SETTLE = dt.timedelta(seconds=60)


def alert_occasion(saved_search: SavedSearch, since: dt.datetime) -> str:
    return f"alert:{saved_search.pk}:{int(since.timestamp() * 1_000_000)}"


def alerts_plan(*, now: dt.datetime | None = None) -> int:
    """One delivery per saved search with new matches; returns how many were planned."""
    now = now or timezone.now()
    until = now - SETTLE
    # The newest record that became public (an index scan): a saved search whose mark is past
    # it has nothing new, and is not even read. Most scans read no saved search at all.
    latest = SearchEntry.objects.filter(public_since__lt=until).aggregate(
        latest=Max("public_since")
    )["latest"]
    if latest is None:
        return 0
    searches = SavedSearch.objects.filter(
        active=True,
        checked_until__lte=latest,
        subscriber__confirmed_at__isnull=False,
        subscriber__unsubscribed_at__isnull=True,
    ).select_related("subscriber", "body")
    planned = 0
    for saved_search in searches:
        since = saved_search.checked_until
        subscriber = saved_search.subscriber
        hits = saved_search_matches(
            saved_search, since=since, until=until, language=subscriber.language
        )
        with transaction.atomic():
            moved = SavedSearch.objects.filter(
                pk=saved_search.pk, active=True, checked_until=since
            ).update(checked_until=until, updated_at=now)
            if moved and hits:
                planned += deliveries_insert(
                    [
                        Delivery(
                            subscriber=subscriber,
                            kind=DeliveryKind.ALERT,
                            saved_search=saved_search,
                            occasion=alert_occasion(saved_search, since),
                            window_start=since,
                            window_end=until,
                            due_at=digest_due(now, subscriber, None),
                            reason=f"{len(hits)} new matches",
                        )
                    ]
                )
    return planned
