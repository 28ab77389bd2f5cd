"""Document references, known by their parsed symbol (MC/2216/Corr.1/Rev.1), and their language
versions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.enums import DocumentAccess, DocumentKind, Language
from governance.models.base import Sourced, TimeStamped
from governance.querysets import DocumentQuerySet
from governance.validators import validate_single_line


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
    title_fr = models.CharField(
        _("title in French"), max_length=400, blank=True, validators=[validate_single_line]
    )
    title_es = models.CharField(
        _("title in Spanish"), max_length=400, blank=True, validators=[validate_single_line]
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
    issued_by = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Only for a document that is not the organization's own: the State, organization or "
            "conference that issued it. Empty for the organization's documents."
        ),
    )
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
    def is_external(self) -> bool:
        """Cited by the organization, issued by someone else (a law, a treaty, a UN resolution)."""
        return bool(self.issued_by)

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
