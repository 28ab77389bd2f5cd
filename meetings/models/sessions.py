"""Sessions, their meetings and the history of their dates."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import DatePrecision
from governance.models import Body, DocumentReference
from governance.models.base import Sourced, TimeStamped
from governance.paths import path_for
from governance.validators import validate_single_line
from meetings.domain import datespans
from meetings.domain.titles import session_title
from meetings.models.enums import MeetingPart, RevisionKind, SessionKind, SessionStatus
from meetings.models.querysets import SessionQuerySet

# Migrations 0001-0008 name the validator by this module.
from meetings.models.venues import DEFAULT_TIMEZONE, Venue, validate_timezone  # noqa: F401


def calendar_uid(prefix: str, uid: uuid.UUID) -> str:
    """An event's iCalendar UID ("session-<uuid>@<site domain>"): what calendar clients match
    updates and cancellations on, so it is written in this one place."""
    return f"{prefix}-{uid}@{settings.SITE_DOMAIN}"


class CalendarTracked(models.Model):
    """An event in calendars: its UID never changes and its SEQUENCE only goes up.

    The services that change a ``calendar_fields`` field raise the SEQUENCE themselves (with
    ``F("sequence") + 1``, in the same save); nothing here watches for changes.
    """

    uid = models.UUIDField(_("calendar key"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    # A change of one of these makes calendar clients take the event again (a higher SEQUENCE).
    calendar_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def ical_uid(self, prefix: str) -> str:
        return calendar_uid(prefix, self.uid)


# One list of fields per concern (README, "Adding a session field"). SESSION_FIELDS is what the
# secretariat edits and readers get: the API (read and write), the CSV columns, drafts and
# session_update; the admin form has every editable field anyway. The feeds read their own list
# (meetings.domain.ical.SESSION_DETAILS); CalendarTracked.calendar_fields says what raises SEQUENCE.
SESSION_FIELDS = (
    "body",
    "number",
    "kind",
    "name",
    "start_date",
    "end_date",
    "date_precision",
    "date_label",
    "venue",
    "status",
    "meetings_count",
    "report",
    "theme",
    "notes",
    "requested_on",
    "notice_sent_on",
    "documents_issued_on",
)
SOURCE_FIELDS = ("source_file", "source_line", "source_place", "source_quote")
# What an edit may change (admin, API, CSV, drafts): the fields above and the citation.
SESSION_EDITABLE = (*SESSION_FIELDS, *SOURCE_FIELDS)
# Set by the services, never edited: identity, calendar bookkeeping, publication, timestamps.
SESSION_MANAGED = (
    "key",
    "uid",
    "sequence",
    "is_published",
    "is_demonstration",
    "created_at",
    "updated_at",
)


class Session(Sourced, TimeStamped, CalendarTracked):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(
        _("regular or special"),
        max_length=10,
        choices=SessionKind.choices,
        default=SessionKind.REGULAR,
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("Only for events without a number; numbered sessions derive their title."),
        validators=[validate_single_line],
    )
    start_date = models.DateField(_("first day"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_label = models.CharField(
        _("dates as announced"),
        max_length=120,
        blank=True,
        help_text=_('e.g. "last week of October 2009"'),
        validators=[validate_single_line],
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.TENTATIVE
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    # Set only by services.demonstration (`manage.py create_demo_year`), which also removes them.
    is_demonstration = models.BooleanField(
        _("demonstration"),
        default=False,
        help_text=_("Planned from the usual rhythm to show the calendar at work; not real."),
    )
    meetings_count = models.PositiveSmallIntegerField(_("meetings held"), null=True, blank=True)
    report = models.ForeignKey(
        DocumentReference,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_of",
    )
    theme = models.CharField(
        _("theme"), max_length=300, blank=True, validators=[validate_single_line]
    )
    notes = models.TextField(_("notes"), blank=True)
    requested_on = models.DateField(
        _("special session requested on"),
        null=True,
        blank=True,
        help_text=_("Starts the notice clock of a special session."),
    )
    notice_sent_on = models.DateField(_("notice sent on"), null=True, blank=True)
    documents_issued_on = models.DateField(_("session documents issued on"), null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    calendar_fields = ("start_date", "end_date", "date_precision", "venue", "status")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start_date", "body__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=Q(number__isnull=False),
                name="session_number_unique_per_body",
                violation_error_message=_("This body already has a session with that number."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="session_end_not_before_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="session_number_positive",
                violation_error_message=_("Session numbers start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_for("meetings:session-detail", key=self.key)

    def clean(self) -> None:
        if not self.number and not self.name:
            raise ValidationError(_("Give the session a number, or a name if it has none."))
        if self.start_date and not self.end_date:
            self.end_date = self.start_date

    @property
    def title(self) -> str:
        return self.title_in(get_language() or "en")

    def title_in(self, lang: str) -> str:
        return session_title(self, lang)

    @property
    def timezone(self) -> str:
        # No query when venue_id is None: the descriptor returns None without one.
        return self.venue.timezone if self.venue is not None else DEFAULT_TIMEZONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def has_exact_dates(self) -> bool:
        return self.date_precision == DatePrecision.DAY and self.start_date is not None

    def dates_label(self, lang: str | None = None) -> str:
        return datespans.dates_label(
            self.start_date,
            self.end_date,
            self.date_precision,
            self.date_label,
            lang or get_language() or "en",
        )


# A meeting as the API, the CSV and the session admin's inline show it.
MEETING_FIELDS = ("number", "date", "part", "starts_at", "ends_at", "venue", "title")
# What an edit may change (the meeting admin also moves a meeting to another session).
MEETING_EDITABLE = ("session", *MEETING_FIELDS, *SOURCE_FIELDS)


class Meeting(Sourced, TimeStamped, CalendarTracked):
    """One meeting of a session; numbers run on across sessions (the 481st meeting)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("meeting number"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    part = models.CharField(
        _("part of the day"), max_length=10, choices=MeetingPart.choices, blank=True
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, validators=[validate_single_line]
    )

    calendar_fields = ("date", "starts_at", "ends_at", "venue")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["session", "date", "starts_at", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        from governance.domain.ordinals import ordinal_number

        if self.number:
            return f"{ordinal_number(self.number)} meeting"
        return self.title or f"Meeting of {self.date or self.session}"

    def clean(self) -> None:
        session = self.session if self.session_id else None
        if (
            session
            and self.date
            and session.start_date
            and session.end_date
            and session.has_exact_dates
            and not session.start_date <= self.date <= session.end_date
        ):
            raise ValidationError(
                {"date": _("The meeting date must fall within the session's dates.")}
            )
        if self.starts_at and not self.date:
            self.date = self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone)).date()

    @property
    def timezone(self) -> str:
        if self.venue is not None:
            return self.venue.timezone
        return self.session.timezone


class ScheduleRevision(Sourced, TimeStamped):
    """One announcement of a session's dates: the first, each later change, and texts that disagree."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="revisions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=RevisionKind.choices)
    old_start = models.DateField(_("previous first day"), null=True, blank=True)
    old_end = models.DateField(_("previous last day"), null=True, blank=True)
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    precision = models.CharField(
        _("precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_label = models.CharField(
        _("dates as announced"), max_length=120, blank=True, validators=[validate_single_line]
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    is_latest = models.BooleanField(_("latest word"), default=False)
    conflicts_with = models.ForeignKey(
        "self",
        verbose_name=_("disagrees with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # Shown publicly in the session's history, as the secretariat entered them.
    reason = models.TextField(_("reason"), blank=True)
    source_document = models.ForeignKey(
        DocumentReference,
        verbose_name=_("announcing document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_reference = models.CharField(
        _("note verbale reference"), max_length=120, blank=True, validators=[validate_single_line]
    )
    source_text = models.CharField(
        _("source (free text)"), max_length=300, blank=True, validators=[validate_single_line]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schedule revision")
        verbose_name_plural = _("schedule revisions")
        ordering = ["session", "position", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="revision_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_kind_display()} {self.dates_label()}"

    def dates_label(self, lang: str | None = None) -> str:
        return datespans.dates_label(
            self.start_date,
            self.end_date,
            self.precision,
            self.date_label,
            lang or get_language() or "en",
        )
