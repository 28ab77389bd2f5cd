"""The organization's standing structure: bodies, states, memberships, people, documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import (
    BodyKind,
    DatePrecision,
    DocumentAccess,
    DocumentKind,
    EntityKind,
    Language,
    MembershipStatus,
)
from governance.querysets import DocumentQuerySet, MembershipQuerySet
from governance.validators import validate_single_line


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Where a fact comes from: the seed text, the line, the place in the document and the words."""

    source_file = models.CharField(
        _("source file"), max_length=100, blank=True, validators=[validate_single_line]
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    source_place = models.CharField(
        _("source place"), max_length=200, blank=True, validators=[validate_single_line]
    )
    source_quote = models.TextField(_("quoted words"), blank=True)

    class Meta:
        abstract = True

    @property
    def citation(self) -> str:
        """'MC/2278, paragraph 25' (or the file and line when no place is known)."""
        if self.source_place:
            return self.source_place
        if self.source_file:
            return (
                f"{self.source_file}:{self.source_line}" if self.source_line else self.source_file
            )
        return ""


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


class Person(Sourced, TimeStamped):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class DocumentReference(Sourced, TimeStamped):
    """A document known by its symbol (or, for symbol-less papers, by its title)."""

    key = models.CharField(
        _("key"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Filled from the symbol; give one only for documents without a symbol."),
        validators=[validate_single_line],
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_single_line],
    )
    series = models.CharField(_("series"), max_length=20, blank=True, db_index=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    parts = models.JSONField(_("suffixes"), default=list, blank=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_("The document a corrigendum, revision or addendum belongs to."),
    )
    annex_of = models.ForeignKey(
        "self",
        verbose_name=_("annexed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annexes",
    )
    title = models.CharField(
        _("title"), max_length=400, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    issued_on = models.DateField(_("issued"), null=True, blank=True)
    first_distributed_on = models.DateField(_("first distributed"), null=True, blank=True)
    prepared_for_label = models.CharField(
        _("prepared for (as printed)"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, blank=True
    )
    english_only = models.BooleanField(_("English only"), default=False)
    access = models.CharField(
        _("access"), max_length=20, choices=DocumentAccess.choices, default=DocumentAccess.PUBLIC
    )
    is_published = models.BooleanField(_("published"), default=True)

    objects = DocumentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["series", "key"]

    def __str__(self) -> str:
        return self.symbol or self.title

    def save(self, *args, **kwargs) -> None:
        self.sync_symbol_parts()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from governance.domain.symbols import SymbolError, parse_symbol

        if self.symbol:
            try:
                parse_symbol(self.symbol)
            except SymbolError as error:
                raise ValidationError({"symbol": str(error)}) from error
        else:
            if not self.title:
                raise ValidationError({"title": _("A document without a symbol needs a title.")})
            if not self.key:
                raise ValidationError({"key": _("A document without a symbol needs a key.")})

    def sync_symbol_parts(self) -> None:
        """Normalize the symbol and store its parsed parts, so lookups and grouping are exact."""
        from governance.domain.symbols import parse_symbol

        if not self.symbol:
            self.symbol = None
            if not self.key:
                raise ValidationError(_("A document without a symbol needs a key."))
            return
        parsed = parse_symbol(self.symbol)
        self.symbol = parsed.canonical
        self.key = self.key or parsed.canonical
        self.series = parsed.series
        self.number = parsed.number
        self.parts = [list(part) for part in parsed.parts]
        if parsed.parent and self.parent_id is None:
            self.parent = nearest_ancestor(parsed)

    @property
    def is_public(self) -> bool:
        return self.access == DocumentAccess.PUBLIC and self.is_published


def nearest_ancestor(parsed) -> DocumentReference | None:
    """The closest recorded document up the chain: MC/2216 when only MC/2216/Corr.1/Rev.1 is cited."""
    ancestor = parsed.parent
    while ancestor is not None:
        found = DocumentReference.objects.filter(symbol=str(ancestor)).first()
        if found is not None:
            return found
        ancestor = ancestor.parent
    return None


class DocumentVersion(TimeStamped):
    """One language version of a document: its own link and availability."""

    document = models.ForeignKey(
        DocumentReference, on_delete=models.CASCADE, related_name="versions"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    url = models.URLField(
        _("link"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    is_available = models.BooleanField(_("available"), default=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_version_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"


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


class SourceDiscrepancy(TimeStamped):
    """Texts that disagree with each other or themselves: kept as written, flagged here."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    quotes = models.JSONField(_("sources"), default=list)

    class Meta:
        verbose_name = _("discrepancy in the sources")
        verbose_name_plural = _("discrepancies in the sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
