"""Bodies with their rules of procedure (the deadlines of every session derive from them), and a
body's annual themes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import BodyKind
from governance.models.base import Sourced, TimeStamped
from governance.validators import validate_single_line


class Body(Sourced, TimeStamped):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    # With the article, so titles can be built: "le Conseil" -> "du Conseil".
    name_fr = models.CharField(
        _("French name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    name_es = models.CharField(
        _("Spanish name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    established_on = models.DateField(_("established"), null=True, blank=True)
    established_label = models.CharField(
        _("established (as stated)"), max_length=100, blank=True, validators=[validate_single_line]
    )
    abolished_on = models.DateField(_("abolished"), null=True, blank=True)
    abolition_note = models.TextField(_("abolition note"), blank=True)
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("predecessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    rhythm = models.CharField(
        _("usual rhythm"), max_length=300, blank=True, validators=[validate_single_line]
    )
    sessions_per_year = models.PositiveSmallIntegerField(
        _("sessions a year"), null=True, blank=True
    )
    usual_months = models.JSONField(_("usual months"), default=list, blank=True)
    terms_of_reference = models.JSONField(_("terms of reference"), default=list, blank=True)
    is_private = models.BooleanField(_("meets in private"), default=False)
    is_external = models.BooleanField(_("external forum"), default=False)
    document_series = models.CharField(
        _("document series"), max_length=20, blank=True, validators=[validate_single_line]
    )
    notes = models.TextField(_("notes"), blank=True)
    # Rules of procedure, as data: the deadlines of every session derive from them.
    rules_citation = models.CharField(
        _("rules of procedure (citation)"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Where the notice and document periods below come from, e.g. "
            '"Rules of Procedure of the Council, Rule 4".'
        ),
    )
    notice_days_regular = models.PositiveSmallIntegerField(
        _("notice before a regular session (days)"), null=True, blank=True
    )
    notice_days_special = models.PositiveSmallIntegerField(
        _("notice before a special session (days)"), null=True, blank=True
    )
    special_notice_within_days = models.PositiveSmallIntegerField(
        _("notice of a special session within (days of the request)"), null=True, blank=True
    )
    documents_days = models.PositiveSmallIntegerField(
        _("documents due before (days)"), null=True, blank=True
    )
    agenda_with_notice = models.BooleanField(
        _("provisional agenda goes with the notice"), default=True
    )
    reminder_lead_days = models.JSONField(
        _("default reminder lead times (days)"), default=list, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(abolished_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(abolished_on__gte=models.F("established_on")),
                name="body_abolished_after_established",
                violation_error_message=_("A body cannot be abolished before it is established."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.predecessor_id and self.predecessor_id == self.pk:
            raise ValidationError({"predecessor": _("A body cannot be its own predecessor.")})

    @property
    def has_deadline_rules(self) -> bool:
        """Whether its rules of procedure are recorded: without them no deadline can be computed."""
        return any(
            days is not None
            for days in (
                self.notice_days_regular,
                self.notice_days_special,
                self.special_notice_within_days,
                self.documents_days,
            )
        )

    def name_in(self, lang: str) -> str:
        """The name in a language, without its article."""
        localized = {"fr": self.name_fr, "es": self.name_es}.get(lang, "")
        if not localized:
            return self.name
        for article in ("le ", "la ", "el ", "l'", "los ", "les "):
            if localized.lower().startswith(article):
                stripped = localized[len(article) :]
                return stripped[:1].upper() + stripped[1:]
        return localized

    def of_name_in(self, lang: str) -> str:
        """'of the Council' / 'du Conseil' / 'del Consejo', for derived titles."""
        if lang == "fr" and self.name_fr:
            lowered = self.name_fr
            if lowered.lower().startswith("le "):
                return "du " + lowered[3:]
            if lowered.lower().startswith("les "):
                return "des " + lowered[4:]
            return "de " + lowered
        if lang == "es" and self.name_es:
            lowered = self.name_es
            if lowered.lower().startswith("el "):
                return "del " + lowered[3:]
            return "de " + lowered
        return f"of the {self.name}"

    @property
    def is_active(self) -> bool:
        return self.abolished_on is None or self.abolished_on > timezone.localdate()


class AnnualTheme(Sourced, TimeStamped):
    """A body's theme for a year (the International Dialogue on Migration has one a year)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="themes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=300, validators=[validate_single_line])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual theme")
        verbose_name_plural = _("annual themes")
        ordering = ["body", "year", "id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.theme}"
