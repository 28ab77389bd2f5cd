"""The search index: one row per record and language (and per page of a PDF's text), written by
the services that change the records (governance/services/search_index.py) and read by
meetings/selectors/search.py.

Each row holds what a hit shows (title, path, symbol, body, year) and who may see it
(``audience``), so a search reads this one table and never joins the records. On PostgreSQL
``vector`` is the stored, GIN-indexed text search vector (title and symbol weighted A, text B, in
the row's language with unaccent) and ``folded`` the accent-folded title under a trigram index;
on SQLite ``folded`` holds the accent-folded title, symbol and text that a simpler match reads.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.enums import SearchKind


class SearchAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBER_STATES = "member_states", _("Member States")
    SECRETARIAT = "secretariat", _("Secretariat")


# Kinds whose titles are names: matched by trigram similarity too ("Mundarain" finds "Mundaraín").
NAME_KINDS = (SearchKind.BODY, SearchKind.ENTITY, SearchKind.PERSON)


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind.choices)
    key = models.CharField(_("key"), max_length=200)
    # "kind:key": what a hit is (a record's rows are grouped on it).
    record = models.CharField(_("record"), max_length=230)
    path = models.CharField(_("path"), max_length=400)
    language = models.CharField(_("language"), max_length=2, blank=True)
    title = models.CharField(_("title"), max_length=600)
    text = models.TextField(_("text"), blank=True)
    symbol = models.CharField(_("symbol"), max_length=120, blank=True)
    parent_symbol = models.CharField(_("amends"), max_length=120, blank=True)
    # The body's key (what a search filters on, as other pages' ?body=) and acronym (shown).
    body = models.CharField(_("body"), max_length=80, blank=True)
    body_acronym = models.CharField(_("body's acronym"), max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    # The key of the session a meeting, agenda item or decision is shown through ("" otherwise):
    # a session indexed again drops the rows of what it no longer holds.
    session = models.CharField(_("session"), max_length=80, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=SearchAudience.choices)
    public_since = models.DateTimeField(_("public since"), null=True, blank=True)
    folded = models.TextField(_("folded text"), blank=True)
    vector = SearchVectorField(_("search vector"), null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["record"], name="search_record"),
            models.Index(fields=["kind", "key"], name="search_kind_key"),
            models.Index(
                fields=["session"], name="search_session", condition=~models.Q(session="")
            ),
            # Equality and prefix lookups by symbol (MC/2216 and its MC/2216/... chain).
            models.Index(
                fields=["symbol"], name="search_symbol", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["public_since"], name="search_public_since"),
            # PostgreSQL only (the migration skips them elsewhere).
            GinIndex(fields=["vector"], name="search_vector"),
            GinIndex(
                fields=["folded"],
                name="search_folded_trgm",
                opclasses=["gin_trgm_ops"],
                condition=models.Q(kind__in=NAME_KINDS),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} [{self.language}] {self.title}"
