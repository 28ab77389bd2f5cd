"""CSV export of sessions, meetings, agenda items and documents, in the columns the import reads
(services/csv_import.py): an export imports back unchanged. Related rows are named by their key,
and every cell a spreadsheet would run as a formula is neutralized (domain/csvcells.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from django.db import models

from governance.models import DocumentReference
from meetings.domain.csvcells import CsvError, cell_text, export_cell
from meetings.models import Meeting, Session
from meetings.models.proceedings import AGENDA_ITEM_FIELDS
from meetings.models.sessions import MEETING_FIELDS, SESSION_FIELDS
from meetings.selectors.drafts import agenda_as_draft

# The columns of each kind, first the one that finds the row.
SESSION_COLUMNS = ["key", *SESSION_FIELDS]
MEETING_COLUMNS = ["session", *MEETING_FIELDS]
AGENDA_COLUMNS = ["session", *AGENDA_ITEM_FIELDS]
DOCUMENT_COLUMNS = [
    "symbol",
    "title",
    "title_fr",
    "title_es",
    "kind",
    "issued_on",
    "original_language",
    "access",
    "session",
]


def _cells(row: models.Model, names: Iterable[str]) -> list[str]:
    """Each field as text; a related row by its key."""
    cells = []
    for name in names:
        value = getattr(row, name)
        # Every kind a file names (bodies, venues, documents, sessions) has a key.
        related = isinstance(value, models.Model)
        cells.append(value.key if related else cell_text(value))
    return cells


def _relations(model: type[models.Model], names: Iterable[str]) -> list[str]:
    return [name for name in names if model._meta.get_field(name).is_relation]


def _sessions() -> Iterable[list[str]]:
    sessions = Session.objects.select_related(*_relations(Session, SESSION_FIELDS))
    for session in sessions.order_by("start_date", "key"):
        yield [session.key, *_cells(session, SESSION_FIELDS)]


def _meetings() -> Iterable[list[str]]:
    meetings = Meeting.objects.select_related(
        "session", *_relations(Meeting, MEETING_FIELDS)
    ).order_by("session__start_date", "session__key", "date", "number", "pk")
    for meeting in meetings:
        yield [meeting.session.key, *_cells(meeting, MEETING_FIELDS)]


def _agenda_items() -> Iterable[list[str]]:
    sessions = Session.objects.filter(agenda_items__isnull=False).distinct()
    for session in sessions.order_by("start_date", "key"):
        for item in agenda_as_draft(session):
            yield [session.key, *(item[name] for name in AGENDA_ITEM_FIELDS)]


def _documents() -> Iterable[list[str]]:
    documents = (
        DocumentReference.objects.filter(symbol__isnull=False)
        .prefetch_related("session_links__session")
        .order_by("series", "key")
    )
    for d in documents:
        prepared = [
            link.session.key for link in d.session_links.all() if link.role == "prepared_for"
        ]
        yield [
            d.symbol or "",
            d.title,
            d.title_fr,
            d.title_es,
            d.kind,
            cell_text(d.issued_on),
            d.original_language,
            d.access,
            prepared[0] if prepared else "",
        ]


EXPORTS: dict[str, tuple[list[str], Callable[[], Iterable[list[str]]]]] = {
    "sessions": (SESSION_COLUMNS, _sessions),
    "meetings": (MEETING_COLUMNS, _meetings),
    "agenda_items": (AGENDA_COLUMNS, _agenda_items),
    "documents": (DOCUMENT_COLUMNS, _documents),
}


def csv_export(kind_name: str) -> str:
    if kind_name not in EXPORTS:
        raise CsvError(f"Unknown kind {kind_name!r}; one of: {', '.join(EXPORTS)}.")
    columns, rows = EXPORTS[kind_name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([export_cell(cell) for cell in row] for row in rows())
    return out.getvalue()
