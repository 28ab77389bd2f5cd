"""Saved searches: save one (double opt-in by e-mail, as subscriptions are), confirm, remove.

Saving records an inactive saved search and, for an address not known yet, an inactive
subscriber; nothing about a known address changes (its language, delivery and what it follows
stay), so whoever merely knows an address can only make its owner receive a confirmation message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Body
from meetings.models import Delivery, SavedSearch, Subscriber
from meetings.models.reminders import DeliveryMode, DeliveryState
from meetings.models.saved_searches import QUERY_MAX_LENGTH, AlertKind
from meetings.reminders.subscriptions import CONFIRMATION_DAYS, subscriber_normalize_email

MAX_SAVED_SEARCHES = 20  # active ones per subscriber


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def saved_search_clean_query(query: str) -> str:
    """The query as saved: one line, spaces collapsed; a clear error when empty or too long."""
    cleaned = " ".join(query.split())
    if not cleaned:
        raise ValidationError(_("Type what to search for."), code="empty")
    if len(cleaned) > QUERY_MAX_LENGTH:
        raise ValidationError(
            _("A saved search is at most %(limit)d characters long.") % {"limit": QUERY_MAX_LENGTH},
            code="too_long",
        )
    return cleaned


def saved_search_create(
    *,
    email: str,
    query: str,
    kind: str = "",
    body: Body | None = None,
    language: str,
    timezone_name: str = "Europe/Zurich",
    mode: str = DeliveryMode.IMMEDIATE,
    now: dt.datetime | None = None,
) -> tuple[SavedSearch, str]:
    """Record a saved search waiting for its confirmation link; returns it and the link's token.

    ``language``, ``timezone_name`` and ``mode`` apply only to an address not known yet. Alerts
    cover what becomes public from now on. Raises ValidationError (nothing saved) on bad input.
    """
    query = saved_search_clean_query(query)
    if kind and kind not in AlertKind.values:
        raise ValidationError(_("Choose documents, sessions or decisions."), code="kind")
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)  # 256 bits, stored hashed
    with transaction.atomic():
        SavedSearch.objects.filter(
            active=False, confirmed_at__isnull=True, expires_at__lte=now
        ).delete()
        subscriber, created = Subscriber.objects.get_or_create(
            email=subscriber_normalize_email(email),
            defaults={
                "token_hash": _hash(secrets.token_urlsafe(32)),
                "language": language,
                "timezone": timezone_name,
                "mode": mode,
                "lead_days": [],
            },
        )
        if created:
            subscriber.full_clean()
        saved_search = SavedSearch(
            subscriber=subscriber,
            query=query,
            kind=kind,
            body=body,
            label=query,
            checked_until=now,
            token_hash=_hash(token),
            expires_at=now + dt.timedelta(days=CONFIRMATION_DAYS),
        )
        saved_search.full_clean(validate_constraints=False)
        saved_search.save()
    return saved_search, token


def saved_search_by_token(token: str) -> SavedSearch | None:
    """The saved search a confirmation link names, if the link still works; nothing applied."""
    return (
        SavedSearch.objects.filter(
            token_hash=_hash(token), confirmed_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("subscriber", "body")
        .first()
    )


def saved_search_confirm(*, token: str) -> SavedSearch | None:
    """Turn on the saved search whose link was followed; None if the link is old or used.

    An address that was not active (new, unconfirmed or unsubscribed) becomes active for its
    saved searches only: it follows no body until a subscription of its own is confirmed.
    The same search saved twice stays one. Raises ValidationError past MAX_SAVED_SEARCHES.
    """
    digest = _hash(token)
    now = timezone.now()
    with transaction.atomic():
        saved_search = (
            SavedSearch.objects.select_for_update()
            .filter(token_hash=digest, confirmed_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if saved_search is None or not hmac.compare_digest(saved_search.token_hash, digest):
            return None
        subscriber = Subscriber.objects.select_for_update().get(pk=saved_search.subscriber_id)
        same = SavedSearch.objects.filter(
            subscriber=subscriber,
            active=True,
            query=saved_search.query,
            kind=saved_search.kind,
            body=saved_search.body,
        ).first()
        if same is not None:
            saved_search.delete()
            return same
        if subscriber.saved_searches.filter(active=True).count() >= MAX_SAVED_SEARCHES:
            raise ValidationError(
                _("You have %(limit)d saved searches already: remove one first.")
                % {"limit": MAX_SAVED_SEARCHES},
                code="too_many",
            )
        if not subscriber.is_active:
            # Whatever an unconfirmed request or an old subscription named stays off.
            subscriber.subscriptions.all().delete()
            subscriber.confirmed_at = subscriber.confirmed_at or now
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
        saved_search.active, saved_search.confirmed_at = True, now
        saved_search.token_hash, saved_search.expires_at = "", None
        saved_search.save()
    return saved_search


def saved_searches_of(subscriber: Subscriber) -> list[SavedSearch]:
    """A subscriber's active saved searches, oldest first."""
    return list(subscriber.saved_searches.filter(active=True).select_related("body"))


def saved_search_remove(*, saved_search: SavedSearch, now: dt.datetime | None = None) -> bool:
    """Stop a saved search's alerts, those planned and not yet sent too; returns whether it was on."""
    now = now or timezone.now()
    with transaction.atomic():
        removed = SavedSearch.objects.filter(pk=saved_search.pk, active=True).update(
            active=False, removed_at=now, updated_at=now
        )
        Delivery.objects.filter(saved_search=saved_search, state=DeliveryState.PENDING).update(
            state=DeliveryState.SKIPPED, reason="the saved search was removed", updated_at=now
        )
    saved_search.active = False
    return bool(removed)
