"""Registration of delegations: the secretariat opens it for a session, a mission's focal point
registers its delegation with its letter, the secretariat checks it. Every change after
submission is kept (RegistrationEvent) and shown to the secretariat as an amendment."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.models import Mission
from governance.models.base import TimeStamped
from governance.models.files import documents_storage
from governance.validators import validate_single_line
from meetings.models.enums import (
    CredentialsState,
    DelegatePosition,
    LetterKind,
    RegistrationStatus,
)
from meetings.models.sessions import Session


def letter_name(instance: Registration, filename: str) -> str:
    """A name of the store's own (never shown): letters are served by a view that checks access."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"letters/{instance.session_id}/{uuid.uuid4().hex}.{extension}"


class RegistrationPeriod(TimeStamped):
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="registration_period"
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    member_letter = models.CharField(
        _("Members upload"),
        max_length=20,
        choices=LetterKind.choices,
        default=LetterKind.CREDENTIALS,
    )
    observer_letter = models.CharField(
        _("observers upload"),
        max_length=20,
        choices=LetterKind.choices,
        default=LetterKind.NOTE_VERBALE,
    )
    letter_max_bytes = models.PositiveIntegerField(_("largest letter (bytes)"), default=10 * 2**20)

    class Meta:
        verbose_name = _("registration period")
        verbose_name_plural = _("registration periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        return str(self.session)


class Registration(TimeStamped):
    """One mission's delegation to one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
        db_index=True,
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=20,
        choices=CredentialsState.choices,
        default=CredentialsState.NOT_RECEIVED,
    )
    return_reason = models.TextField(_("reason it was returned"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    letter = models.FileField(
        _("letter"), storage=documents_storage, upload_to=letter_name, blank=True, max_length=300
    )
    letter_name = models.CharField(_("letter's file name"), max_length=200, blank=True)
    letter_media_type = models.CharField(_("letter's type"), max_length=100, blank=True)
    letter_size = models.PositiveBigIntegerField(_("letter's size (bytes)"), null=True, blank=True)
    letter_sha256 = models.CharField(_("letter's SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "mission__entity__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "mission"],
                name="one_registration_per_mission_and_session",
                violation_error_message=_("This mission has registered for this session already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} · {self.session}"


class Delegate(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="delegates"
    )
    # The registration's session again, so that one person is in one delegation per session.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    position = models.CharField(_("position"), max_length=20, choices=DelegatePosition.choices)
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, validators=[validate_single_line]
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    functional_title = models.CharField(
        _("functional title"), max_length=200, blank=True, validators=[validate_single_line]
    )
    email = models.EmailField(_("e-mail address"))

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["registration", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                name="one_delegation_per_person_and_session",
                violation_error_message=_(
                    "This person is in a delegation to this session already."
                ),
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(position="head"),
                name="one_head_of_delegation",
                violation_error_message=_("The delegation has a head already."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationEvent(models.Model):
    """What happened to a registration: by whom, when, why, and what changed."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20)
    is_amendment = models.BooleanField(_("amendment after submission"), default=False)
    text = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
        ordering = ["registration", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
