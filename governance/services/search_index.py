"""The search index's writes: a record's rows replaced in the caller's transaction, one record
removed, the whole index rebuilt; and the builders that turn governance's records (documents
with their language versions and PDF pages, bodies, Members and Observers) into rows.

The services that change those records call ``search_index_replace``/``search_index_remove``
in their own body (no signals); meetings' records have their builders in
meetings/services/search_index.py. ``public_since`` (when a record was first public) is kept
across every replace and rebuild: the saved-search alerts read it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Case, Exists, Min, OuterRef, Prefetch, Value, When
from django.utils import timezone

from governance.domain.countries import country_name
from governance.domain.languages import LANGUAGES, in_language
from governance.domain.symbols import SymbolError, parse_symbol
from governance.models import (
    Body,
    DocumentPage,
    DocumentReference,
    DocumentVersion,
    Entity,
    SearchEntry,
    SearchKind,
)
from governance.models.search import NAME_KINDS, SearchAudience
from governance.paths import path_for

# Rows written per INSERT: ~26 parameters a row (its columns and its vector's values) x 1,000
# stays far below PostgreSQL's 65,535.
BATCH = 1000
# Records read per chunk when rebuilding (each with its versions and pages prefetched).
CHUNK = 2000

CONFIGS = {"en": "english_unaccent", "fr": "french_unaccent", "es": "spanish_unaccent"}
# The configuration of a row's language, per row (SearchVector/SearchQuery take an expression).
ROW_CONFIG = Case(
    When(language="fr", then=Value(CONFIGS["fr"])),
    When(language="es", then=Value(CONFIGS["es"])),
    default=Value(CONFIGS["en"]),
)


@dataclass(frozen=True)
class SearchEntryData:
    """One row of the index, as a builder makes it."""

    kind: str
    key: str
    path: str
    title: str
    language: str = "en"
    text: str = ""
    symbol: str = ""
    parent_symbol: str = ""
    body: str = ""
    body_acronym: str = ""
    year: int | None = None
    page: int | None = None
    audience: str = SearchAudience.PUBLIC
    session: str = ""


def fold(text: str) -> str:
    """Lower case without accents: "Mundaraín" -> "mundarain" (what names are compared on)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _vector(data: SearchEntryData) -> Any:
    """The row's vector, computed in its INSERT (no UPDATE after it: no dead row for each one):
    title and symbol weighted A, the text B, in the row's language with unaccent."""
    config = CONFIGS.get(data.language, CONFIGS["en"])
    title = SearchVector(Value(data.title[:600]), Value(data.symbol), weight="A", config=config)
    if not data.text:
        return title
    return title + SearchVector(Value(data.text), weight="B", config=config)


def _row(data: SearchEntryData, public_since: dt.datetime | None) -> SearchEntry:
    # On PostgreSQL the vector does the matching and `folded` holds only a name's title (for the
    # trigram index on names; other rows keep it empty, narrower); on SQLite `folded` is all the
    # text the simpler match reads.
    if _is_postgresql():
        folded = fold(data.title) if data.kind in NAME_KINDS else ""
        vector = _vector(data)
    else:
        folded, vector = fold(" ".join((data.title, data.symbol, data.text))), None
    return SearchEntry(
        kind=data.kind,
        key=data.key,
        record=f"{data.kind}:{data.key}",
        path=data.path,
        language=data.language,
        title=data.title[:600],
        text=data.text,
        symbol=data.symbol,
        parent_symbol=data.parent_symbol,
        body=data.body,
        body_acronym=data.body_acronym[:30],
        year=data.year,
        page=data.page,
        session=data.session,
        audience=data.audience,
        public_since=public_since,
        folded=folded,
        vector=vector,
    )


def _write(rows: list[SearchEntry]) -> None:
    """Insert rows, in batches (each row's ~25 parameters x BATCH stay under 65,535)."""
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH)


def search_index_replace(*, kind: str, key: str, entries: list[SearchEntryData]) -> None:
    """Replace one record's rows (none: the record leaves the index), keeping when it was first
    public. In the caller's transaction; three or four queries."""
    record = f"{kind}:{key}"
    with transaction.atomic():
        rows = SearchEntry.objects.filter(record=record)
        since = rows.aggregate(since=Min("public_since"))["since"]
        rows.delete()
        if any(entry.audience == SearchAudience.PUBLIC for entry in entries) and since is None:
            since = timezone.now()
        _write([_row(entry, since) for entry in entries])


def search_index_remove(*, kind: str, key: str) -> None:
    """A deleted record's rows gone."""
    SearchEntry.objects.filter(record=f"{kind}:{key}").delete()


def search_index_rebuild(*, stdout: Callable[[str], None] | None = None) -> int:
    """The whole index built again from the records, in batches; ``public_since`` of the rows
    that were already there kept (records new to the index, if public, are public from now).
    Returns the number of rows written."""
    total = 0
    with transaction.atomic():
        kept = dict(
            SearchEntry.objects.filter(public_since__isnull=False)
            .values("record")
            .annotate(since=Min("public_since"))
            .values_list("record", "since")
            .iterator(chunk_size=CHUNK)
        )
        SearchEntry.objects.all().delete()
        now = timezone.now()
        for name, builder in BUILDERS.items():
            rows: list[SearchEntry] = []
            count = 0
            for record_key, entries in builder():
                count += 1
                public = any(entry.audience == SearchAudience.PUBLIC for entry in entries)
                since = kept.get(record_key) or (now if public else None)
                rows.extend(_row(entry, since) for entry in entries)
                if len(rows) >= BATCH * 5:
                    _write(rows)
                    total += len(rows)
                    rows = []
            _write(rows)
            total += len(rows)
            if stdout:
                stdout(f"{name}: {count} records")
    return total


# What the rebuild walks, in order: name -> a function yielding ("kind:key", that record's rows).
# Meetings adds its builders when its app is ready (meetings/apps.py): governance may not import
# meetings (import-linter), and the rebuild is the one place that walks both apps' records.
Builder = Callable[[], Iterator[tuple[str, list[SearchEntryData]]]]
BUILDERS: dict[str, Builder] = {}


def register_builder(name: str, builder: Builder) -> None:
    BUILDERS[name] = builder


# What follows a saved or deleted record, by model label ("governance.documentreference"):
# the admin's saves and deletes, restoring a deleted record and the CSV import call
# search_index_follow/search_index_forget with the record; each app registers its models'.
Indexer = Callable[[Any], None]
FOLLOW: dict[str, Indexer] = {}
FORGET: dict[str, Indexer] = {}
DELETED: dict[str, Indexer] = {}


def register_indexer(
    label: str,
    *,
    follow: Indexer,
    forget: Indexer | None = None,
    deleted: Indexer | None = None,
) -> None:
    """``follow`` after a save; ``forget`` before a delete (the record is still there to read);
    ``deleted`` after it (the records it was part of, written again)."""
    FOLLOW[label] = follow
    if forget is not None:
        FORGET[label] = forget
    if deleted is not None:
        DELETED[label] = deleted


def search_index_follow(*, record: Any) -> None:
    """Index a record again after it was saved (nothing for a kind the search does not hold)."""
    indexer = FOLLOW.get(record._meta.label_lower)
    if indexer is not None:
        indexer(record)


def search_index_forget(*, record: Any) -> None:
    """Before a record is deleted: its rows, and those shown only through it, go."""
    indexer = FORGET.get(record._meta.label_lower)
    if indexer is not None:
        indexer(record)


def search_index_deleted(*, record: Any) -> None:
    """After a record was deleted: what it was part of (a document's version) indexed again."""
    indexer = DELETED.get(record._meta.label_lower)
    if indexer is not None:
        indexer(record)


# --- Documents ------------------------------------------------------------------------------


def _series_bodies() -> dict[str, tuple[str, str]]:
    """Document series -> the key and acronym of the body that issues it (MC -> the Council)."""
    return {
        series: (key, acronym or "")
        for series, key, acronym in Body.objects.exclude(document_series="")
        .order_by("pk")
        .values_list("document_series", "key", "acronym")
    }


def _parent_symbol(symbol: str | None) -> str:
    if not symbol:
        return ""
    try:
        parent = parse_symbol(symbol).parent
    except SymbolError:
        return ""
    return parent.canonical if parent else ""


def document_audience(document: DocumentReference) -> str:
    """Who may open the document, by DocumentQuerySet's rules (public, Member States, or only the
    secretariat): two queries."""
    readable = DocumentReference.objects.filter(pk=document.pk)
    if readable.public().exists():
        return SearchAudience.PUBLIC
    if readable.for_member_states().exists():
        return SearchAudience.MEMBER_STATES
    return SearchAudience.SECRETARIAT


def _documents_with_audience():
    public = DocumentReference.objects.public().filter(pk=OuterRef("pk"))
    members = DocumentReference.objects.for_member_states().filter(pk=OuterRef("pk"))
    return DocumentReference.objects.annotate(
        search_public=Exists(public), search_members=Exists(members)
    )


def _pages_prefetch() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "versions",
        queryset=DocumentVersion.objects.select_related("file").prefetch_related(
            Prefetch("file__pages", queryset=DocumentPage.objects.order_by("number"))
        ),
    )


def document_entries(
    document: DocumentReference,
    *,
    audience: str,
    bodies: dict[str, tuple[str, str]] | None = None,
) -> list[SearchEntryData]:
    """A document's rows: one per language version (title in that language, with the symbol),
    and one per page of each version's PDF text."""
    bodies = _series_bodies() if bodies is None else bodies
    day = document.issued_on or document.first_distributed_on
    common = SearchEntryData(
        kind=SearchKind.DOCUMENT,
        key=document.key,
        path=path_for("meetings:document-detail", key=document.key),
        title="",
        symbol=document.symbol or "",
        parent_symbol=_parent_symbol(document.symbol),
        body=bodies.get(document.series, ("", ""))[0],
        body_acronym=bodies.get(document.series, ("", ""))[1],
        year=day.year if day else None,
        audience=audience,
    )
    versions = list(document.versions.all())
    languages = [version.language for version in versions] or [document.original_language or "en"]
    entries = []
    for language in dict.fromkeys(languages):
        title = in_language(document, "title", language)[0] or document.symbol or document.key
        text = " ".join(part for part in (document.prepared_for_label, document.issued_by) if part)
        entries.append(replace(common, title=title, language=language, text=text))
    for version in versions:
        stored = getattr(version, "file", None)  # RelatedObjectDoesNotExist is an AttributeError
        if stored is None:
            continue
        title = in_language(document, "title", version.language)[0] or document.key
        for page in stored.pages.all():
            if page.text.strip():
                entries.append(
                    replace(
                        common,
                        title=title,
                        language=version.language,
                        text=page.text,
                        page=page.number,
                    )
                )
    return entries


def document_index(*, document: DocumentReference) -> None:
    """Index one document again (its audience asked of the database)."""
    document = DocumentReference.objects.prefetch_related(_pages_prefetch()).get(pk=document.pk)
    search_index_replace(
        kind=SearchKind.DOCUMENT,
        key=document.key,
        entries=document_entries(document, audience=document_audience(document)),
    )


def documents_index(*, documents: Iterable[DocumentReference]) -> None:
    """Index several documents again (a session's, when it is published or withdrawn)."""
    for document in documents:
        document_index(document=document)


def _all_documents() -> Iterator[tuple[str, list[SearchEntryData]]]:
    bodies = _series_bodies()
    queryset = _documents_with_audience().prefetch_related(_pages_prefetch()).order_by("pk")
    for document in queryset.iterator(chunk_size=CHUNK):
        audience = (
            SearchAudience.PUBLIC
            if document.search_public
            else SearchAudience.MEMBER_STATES
            if document.search_members
            else SearchAudience.SECRETARIAT
        )
        entries = document_entries(document, audience=audience, bodies=bodies)
        yield f"{SearchKind.DOCUMENT}:{document.key}", entries


# --- Bodies, Members and Observers ----------------------------------------------------------


def body_entries(body: Body) -> list[SearchEntryData]:
    """A body in each language it is named in (with its acronym); public, as the structure is."""
    path = path_for("meetings:body-detail", key=body.key)
    entries = []
    for language in LANGUAGES:
        name, got = in_language(body, "name", language)
        if got != language:
            continue
        title = f"{name} ({body.acronym})" if body.acronym else name
        entries.append(
            SearchEntryData(
                kind=SearchKind.BODY,
                key=body.key,
                path=path,
                title=title,
                language=language,
                text=body.notes if language == "en" else "",
                body=body.key,
                body_acronym=body.acronym,
                year=body.established_on.year if body.established_on else None,
            )
        )
    return entries


def body_index(*, body: Body) -> None:
    search_index_replace(kind=SearchKind.BODY, key=body.key, entries=body_entries(body))


def _all_bodies() -> Iterator[tuple[str, list[SearchEntryData]]]:
    for body in Body.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield f"{SearchKind.BODY}:{body.key}", body_entries(body)


def entity_entries(entity: Entity) -> list[SearchEntryData]:
    """A State or organization by its names (French and Spanish ones of a State from CLDR)."""
    path = path_for("meetings:members") + f"#{entity.key}"
    other = [entity.official_name, *(str(alias) for alias in entity.aliases or [])]
    entries = [
        SearchEntryData(
            kind=SearchKind.ENTITY,
            key=entity.key,
            path=path,
            title=entity.short_name,
            language="en",
            text=" ".join(name for name in other if name and name != entity.short_name),
        )
    ]
    for language in ("fr", "es"):
        name = country_name(entity.country_code, language) if entity.country_code else None
        if name and name != entity.short_name:
            entries.append(
                SearchEntryData(
                    kind=SearchKind.ENTITY, key=entity.key, path=path, title=name, language=language
                )
            )
    return entries


def entity_index(*, entity: Entity) -> None:
    search_index_replace(kind=SearchKind.ENTITY, key=entity.key, entries=entity_entries(entity))


def _all_entities() -> Iterator[tuple[str, list[SearchEntryData]]]:
    for entity in Entity.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield f"{SearchKind.ENTITY}:{entity.key}", entity_entries(entity)


def _document_of(record: Any) -> DocumentReference | None:
    if isinstance(record, DocumentReference):
        return record
    if isinstance(record, DocumentVersion):
        return DocumentReference.objects.filter(pk=record.document_id).first()
    version = DocumentVersion.objects.filter(pk=record.version_id).first()  # a DocumentFile
    return DocumentReference.objects.filter(pk=version.document_id).first() if version else None


def _follow_document(record: Any) -> None:
    document = _document_of(record)
    if document is not None and document.pk is not None:
        document_index(document=document)


def _forget_document(record: DocumentReference) -> None:
    search_index_remove(kind=SearchKind.DOCUMENT, key=record.key)
    # Its Corr./Rev./Add. keep their rows (a deleted original is PROTECTed while they exist).


register_indexer("governance.documentreference", follow=_follow_document, forget=_forget_document)
register_indexer("governance.documentversion", follow=_follow_document, deleted=_follow_document)
register_indexer("governance.documentfile", follow=_follow_document, deleted=_follow_document)
register_indexer(
    "governance.body",
    follow=lambda body: body_index(body=body),
    forget=lambda body: search_index_remove(kind=SearchKind.BODY, key=body.key),
)
register_indexer(
    "governance.entity",
    follow=lambda entity: entity_index(entity=entity),
    forget=lambda entity: search_index_remove(kind=SearchKind.ENTITY, key=entity.key),
)
register_builder("documents", _all_documents)
register_builder("bodies", _all_bodies)
register_builder("entities", _all_entities)
