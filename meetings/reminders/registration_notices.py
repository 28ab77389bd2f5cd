"""Notices to a mission's focal points about its registrations, as delivery rows (sent once, by
the same claim, send and retry as the reminders), in the mission's language: a status the
secretariat gave (returned with its reason, in order, withdrawn), and a reminder before
registration closes to missions that have not submitted."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.models import Mission, MissionMember, MissionRole
from meetings.models import (
    Delivery,
    Registration,
    RegistrationEvent,
    RegistrationPeriod,
    Subscriber,
)
from meetings.models.enums import RegistrationStatus
from meetings.models.reminders import DeliveryKind
from meetings.reminders.planning import deliveries_insert

CLOSING_LEADS = (7, 1)  # days before registration closes


def focal_point_subscribers(mission: Mission) -> list[Subscriber]:
    """The mission's focal points as the addresses delivery rows go to (made the first time, in
    the mission's language, following no body: they get only what is planned for them)."""
    emails = MissionMember.objects.filter(
        mission=mission, role=MissionRole.FOCAL_POINT, user__is_active=True
    ).values_list("user__email", flat=True)
    subscribers = []
    for email in emails:
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email.lower(),
            defaults={
                "language": mission.language,
                "confirmed_at": timezone.now(),
                "lead_days": [],
                "token_hash": secrets.token_hex(32),
            },
        )
        if subscriber.unsubscribed_at is None:
            subscribers.append(subscriber)
    return subscribers


def _status_line(registration: Registration, event: RegistrationEvent) -> str:
    status = registration.status
    if status == RegistrationStatus.RETURNED:
        return _("Your registration was returned: %(reason)s Amend it and submit it again.") % {
            "reason": event.text
        }
    if status == RegistrationStatus.IN_ORDER:
        return _("Your registration is in order: %(credentials)s.") % {
            "credentials": registration.get_credentials_display()
        }
    return _("Your registration was withdrawn.")


def registration_notice_plan(*, registration: Registration, event: RegistrationEvent) -> int:
    """One notice per focal point for this event (its id makes the occasion: once)."""
    mission = registration.mission
    rows = []
    for subscriber in focal_point_subscribers(mission):
        with translation.override(subscriber.language):
            line = _status_line(registration, event)
        rows.append(
            Delivery(
                subscriber=subscriber,
                kind=DeliveryKind.REGISTRATION,
                session=registration.session,
                occasion=f"registration:{registration.pk}:{event.pk}",
                due_at=event.at,
                reason=line,
            )
        )
    return deliveries_insert(rows)


def registration_closing_plan(*, now: dt.datetime | None = None) -> int:
    """Before registration closes, a reminder to each mission that has not submitted."""
    now = now or timezone.now()
    rows = []
    periods = RegistrationPeriod.objects.filter(
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + dt.timedelta(days=max(CLOSING_LEADS)),
    ).select_related("session")
    for period in periods:
        lead = min(
            days for days in CLOSING_LEADS if period.closes_at - now <= dt.timedelta(days=days)
        )
        done = set(
            Registration.objects.filter(
                session=period.session,
                status__in=[
                    RegistrationStatus.SUBMITTED,
                    RegistrationStatus.IN_ORDER,
                    RegistrationStatus.WITHDRAWN,
                ],
            ).values_list("mission_id", flat=True)
        )
        prefix = f"registration-closing:{period.pk}:"
        reminded = {
            int(occasion.split(":")[2])
            for occasion in Delivery.objects.filter(
                occasion__startswith=prefix, lead_days=lead
            ).values_list("occasion", flat=True)
        }
        missions = Mission.objects.exclude(pk__in=done | reminded).select_related("entity")
        for mission in missions:
            for subscriber in focal_point_subscribers(mission):
                with translation.override(subscriber.language):
                    line = _(
                        "Registration for this session closes on %(day)s; yours is not submitted."
                    ) % {
                        "day": date_format(timezone.localtime(period.closes_at), "DATETIME_FORMAT")
                    }
                rows.append(
                    Delivery(
                        subscriber=subscriber,
                        kind=DeliveryKind.REGISTRATION,
                        session=period.session,
                        occasion=f"registration-closing:{period.pk}:{mission.pk}:{lead}",
                        lead_days=lead,
                        due_at=now,
                        reason=line,
                    )
                )
    return deliveries_insert(rows)
