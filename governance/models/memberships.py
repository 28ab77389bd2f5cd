"""The membership: states and organizations, the statuses they held, and the membership figures
the texts report."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import DatePrecision, EntityKind, MembershipStatus
from governance.models.base import Sourced, TimeStamped
from governance.querysets import MembershipQuerySet
from governance.validators import validate_single_line


class Entity(Sourced, TimeStamped):
    """A State or an organization that can be a Member or Observer, or hold a seat."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=EntityKind.choices, default=EntityKind.STATE
    )
    official_name = models.CharField(
        _("official name"), max_length=200, validators=[validate_single_line]
    )
    short_name = models.CharField(
        _("short name"), max_length=120, validators=[validate_single_line]
    )
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1), e.g. CH."))],
        help_text=_(
            "ISO 3166-1 alpha-2, for a State: its name in French and Spanish comes from CLDR."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("state or organization")
        verbose_name_plural = _("states and organizations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class Membership(Sourced, TimeStamped):
    """A status held by an entity; the start is a window when the texts only bound it."""

    entity = models.ForeignKey(
        Entity,
        verbose_name=_("state or organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    start_earliest = models.DateField(_("began at the earliest"), null=True, blank=True)
    start_latest = models.DateField(
        _("began at the latest"),
        null=True,
        blank=True,
        help_text=_("The date from which the status is certain."),
    )
    end_on = models.DateField(_("ended"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = MembershipQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["entity__short_name", "start_latest"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_earliest__isnull=True)
                | Q(start_latest__isnull=True)
                | Q(start_latest__gte=models.F("start_earliest")),
                name="membership_window_ordered",
                violation_error_message=_("The latest start cannot be before the earliest start."),
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True)
                | Q(start_latest__isnull=True)
                | Q(end_on__gt=models.F("start_latest")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership must end after it began."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_status_display()})"

    @property
    def start_is_exact(self) -> bool:
        return self.start_latest is not None and self.start_earliest == self.start_latest


class MembershipFigure(Sourced, TimeStamped):
    """A membership count as a text reports it (kept even where the records cannot reproduce it)."""

    as_of = models.DateField(_("as of"))
    precision = models.CharField(
        _("precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    observers = models.PositiveIntegerField(_("observers"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    label = models.CharField(
        _("label"), max_length=200, blank=True, validators=[validate_single_line]
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported membership figure")
        verbose_name_plural = _("reported membership figures")
        ordering = ["as_of"]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}: {self.members} members, {self.observers} observers"
