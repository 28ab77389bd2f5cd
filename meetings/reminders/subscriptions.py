"""Subscriptions by e-mail: subscribe (double opt-in), confirm, unsubscribe, and the links' tokens.

A request waits in its own row (SubscriptionRequest) until its confirmation link is followed;
unsubscribe links are signed and bound to the subscriber's current secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core import signing
from django.db import transaction
from django.utils import timezone

from meetings.models import Delivery, Subscriber, Subscription
from meetings.models.reminders import DeliveryMode, DeliveryState, SubscriptionRequest

UNSUBSCRIBE_SALT = "governance-calendar.unsubscribe"
CONFIRMATION_DAYS = 7  # how long a confirmation link works


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
    """Stop everything: reminders, notices and saved searches' alerts (those saved are removed)."""
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["unsubscribed_at", "updated_at"])
    subscriber.saved_searches.filter(active=True).update(
        active=False, removed_at=subscriber.unsubscribed_at, updated_at=subscriber.unsubscribed_at
    )
    Delivery.objects.filter(subscriber=subscriber, state=DeliveryState.PENDING).update(
        state=DeliveryState.SKIPPED, reason="unsubscribed", updated_at=timezone.now()
    )
