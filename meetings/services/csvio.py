"""CSV import with preview, and export, of sessions, meetings, agenda items and documents.

The preview is the import itself, run in a transaction that is rolled back: what staff see is
exactly what confirming does. Each row runs in a savepoint, so a refused row (with its reasons)
keeps nothing while the others go in; confirming runs it again in one transaction.
Edits to a published session's fields, agenda or documents land in its draft (see publishing).

Every text cell is checked against its model field before the row is loaded (length limit,
one-line text), so nothing is cut or let through unchecked; and every exported cell that a
spreadsheet would run as a formula is neutralized the OWASP way, with a leading apostrophe that
the import takes off again (see export_cell and import_cell).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.dateparse import parse_datetime

from governance import services as governance_services
from governance.models import Body, DocumentReference
from meetings.models import AgendaItem, Meeting, Session, Venue
from meetings.services import publishing
from meetings.services import sessions as services

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, headers, size): nothing is imported."""


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection");
# tab and CR too, as some programs skip them and read the formula after.
FORMULA_STARTS = frozenset("=+-@\t\r")
ESCAPE = "'"


def _looks_escaped(cell: str) -> bool:
    """A cell the export escaped: an apostrophe before what would need escaping on its own."""
    if len(cell) < 2 or cell[0] != ESCAPE:
        return False
    rest = cell[1:]
    return rest[0] in FORMULA_STARTS or rest[0] == ESCAPE or rest != rest.strip()


def export_cell(text: str) -> str:
    """The cell for a stored text: prefixed with an apostrophe when a spreadsheet would run it,
    when the import would strip its surrounding spaces, or when it would read as escaped."""
    if text and (text[0] in FORMULA_STARTS or text != text.strip() or _looks_escaped(text)):
        return ESCAPE + text
    return text


def import_cell(cell: str) -> str:
    """The text of a cell: an escaped cell exactly as exported, any other one without the spaces
    around it (hand-made files), except that spaces or tabs before a formula character stay, so
    stripping never makes a formula of what the file showed as text."""
    if _looks_escaped(cell):
        return cell[1:]
    text = cell.strip()
    if text and text[0] in FORMULA_STARTS and cell[0].isspace():
        return cell.rstrip()
    return text


@dataclass
class RowResult:
    line: int
    action: str  # "create", "change", "unchanged", "refuse"
    key: str = ""
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult]
    committed: bool

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "change", "unchanged", "refuse")}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: f"not a date (YYYY-MM-DD): {value!r}"}) from None


def _int(value: str, name: str) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: f"not a whole number: {value!r}"}) from None
    if number < 1:
        raise ValidationError({name: "must be 1 or more"})
    return number


def _datetime(value: str, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError({name: f"not a date-time with its offset: {value!r}"})
    return parsed


def _lookup(model, field_name: str, value: str, name: str):
    if not value:
        return None
    found = model.objects.filter(**{field_name: value}).first()
    if found is None:
        raise ValidationError({name: f"unknown {name} {value!r}"})
    return found


def _session(value: str) -> Session:
    if not value:
        raise ValidationError({"session": "required"})
    return _lookup(Session, "key", value, "session")


# --- sessions --------------------------------------------------------------------------

SESSION_COLUMNS = [
    "key",
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
    "notes",
]


def _session_values(row: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "body": _lookup(Body, "key", row.get("body", ""), "body"),
        "number": _int(row.get("number", ""), "number"),
        "kind": row.get("kind") or "regular",
        "name": row.get("name", ""),
        "start_date": _date(row.get("start_date", ""), "start_date"),
        "end_date": _date(row.get("end_date", ""), "end_date"),
        "date_precision": row.get("date_precision") or "day",
        "date_label": row.get("date_label", ""),
        "venue": _lookup(Venue, "key", row.get("venue", ""), "venue"),
        "status": row.get("status") or "tentative",
        "notes": row.get("notes", ""),
    }
    if values["body"] is None:
        raise ValidationError({"body": "required"})
    if "end_date" not in row and "start_date" in row:
        row = {**row, "end_date": ""}
    values["end_date"] = values["end_date"] or values["start_date"]
    return _present(values, row)


def _present(values: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    """Only the columns the file has: a column left out changes nothing."""
    return {name: value for name, value in values.items() if name in row}


def _session_row(row: dict[str, str]) -> RowResult:
    values = _session_values(row)
    key = row.get("key", "")
    session = Session.objects.filter(key=key).first() if key else None
    if session is None and values.get("number"):
        session = Session.objects.filter(body=values["body"], number=values["number"]).first()
    if session is None:
        created = services.session_create(key=key, **values)
        return RowResult(0, "create", created.key)
    values.pop("body")
    current = publishing.draft_of(session)
    pending = publishing.draft_values(current.fields) if current else {}
    changes = {
        name: (_text(pending.get(name, getattr(session, name))), _text(value))
        for name, value in values.items()
        if _text(pending.get(name, getattr(session, name))) != _text(value)
    }
    if not changes:
        return RowResult(0, "unchanged", session.key)
    publishing.draft_save(session=session, fields={n: values[n] for n in changes})
    return RowResult(0, "change", session.key, changes)


def _session_export() -> Iterable[list[str]]:
    for s in Session.objects.select_related("body", "venue").order_by("start_date", "key"):
        yield [
            s.key,
            s.body.key,
            _text(s.number),
            s.kind,
            s.name,
            _text(s.start_date),
            _text(s.end_date),
            s.date_precision,
            s.date_label,
            s.venue.key if s.venue_id else "",
            s.status,
            s.notes,
        ]


# --- meetings --------------------------------------------------------------------------

MEETING_COLUMNS = ["session", "number", "date", "part", "starts_at", "ends_at", "venue", "title"]


def _meeting_row(row: dict[str, str]) -> RowResult:
    session = _session(row.get("session", ""))
    values = {
        "number": _int(row.get("number", ""), "number"),
        "date": _date(row.get("date", ""), "date"),
        "part": row.get("part", ""),
        "starts_at": _datetime(row.get("starts_at", ""), "starts_at"),
        "ends_at": _datetime(row.get("ends_at", ""), "ends_at"),
        "venue": _lookup(Venue, "key", row.get("venue", ""), "venue"),
        "title": row.get("title", ""),
    }
    if values["number"] is None and values["date"] is None:
        raise ValidationError({"number": "give the meeting's number or its date"})
    values = {n: v for n, v in values.items() if n in row or n in ("number", "date")}
    match = (
        {"number": values["number"]}
        if values["number"]
        else {"date": values["date"], "part": values.get("part", "")}
    )
    meeting = Meeting.objects.filter(session=session, **match).first()
    label = f"{session.key} #{values['number'] or values['date']}"
    if meeting is None:
        meeting = Meeting(session=session, **values)
        meeting.full_clean()
        meeting.save()
        return RowResult(0, "create", label)
    changes = {
        n: (_text(getattr(meeting, n)), _text(v))
        for n, v in values.items()
        if _text(getattr(meeting, n)) != _text(v)
    }
    if not changes:
        return RowResult(0, "unchanged", label)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    return RowResult(0, "change", label, changes)


def _meeting_export() -> Iterable[list[str]]:
    meetings = Meeting.objects.select_related("session", "venue").order_by(
        "session__start_date", "session__key", "date", "number", "pk"
    )
    for m in meetings:
        yield [
            m.session.key,
            _text(m.number),
            _text(m.date),
            m.part,
            _text(m.starts_at),
            _text(m.ends_at),
            m.venue.key if m.venue_id else "",
            m.title,
        ]


# --- agenda items ----------------------------------------------------------------------

AGENDA_COLUMNS = ["session", "label", "title", "kind", "parent"]


def _agenda_row(row: dict[str, str]) -> RowResult:
    session = _session(row.get("session", ""))
    label = (row.get("label") or "").strip()
    if not label:
        raise ValidationError({"label": "required"})
    draft = publishing.draft_of(session)
    agenda = (
        list(draft.agenda)
        if draft and draft.agenda is not None
        else publishing.agenda_as_draft(session)
    )
    key = f"{session.key} item {label}"
    old = next((item for item in agenda if item["label"] == label), None)
    base = old or {"label": label, "title": "", "kind": "other", "parent": ""}
    entry = {name: (row[name] if name in row else base[name]) for name in base}
    entry["kind"] = entry["kind"] or "other"
    if old == entry:
        return RowResult(0, "unchanged", key)
    if old is None:
        agenda.append(entry)
    else:
        agenda[agenda.index(old)] = entry
    publishing.draft_save(session=session, agenda=agenda)
    if old is None:
        return RowResult(0, "create", key)
    changes = {n: (old.get(n, ""), v) for n, v in entry.items() if old.get(n, "") != v}
    return RowResult(0, "change", key, changes)


def _agenda_export() -> Iterable[list[str]]:
    sessions = Session.objects.filter(agenda_items__isnull=False).distinct()
    for session in sessions.order_by("start_date", "key"):
        for item in publishing.agenda_as_draft(session):
            yield [session.key, item["label"], item["title"], item["kind"], item["parent"]]


# --- documents -------------------------------------------------------------------------

DOCUMENT_COLUMNS = [
    "symbol",
    "title",
    "kind",
    "issued_on",
    "original_language",
    "access",
    "session",
]


def _document_row(row: dict[str, str]) -> RowResult:
    symbol = (row.get("symbol") or "").strip()
    if not symbol:
        raise ValidationError({"symbol": "required"})
    values = {
        "title": row.get("title", ""),
        "kind": row.get("kind") or "other",
        "issued_on": _date(row.get("issued_on", ""), "issued_on"),
        "original_language": row.get("original_language", ""),
        "access": row.get("access") or "public",
    }
    values = _present(values, row)
    session = _session(row["session"]) if row.get("session") else None
    document = DocumentReference.objects.filter(symbol=symbol).first()
    if document is None:
        document = governance_services.document_create(symbol=symbol, **values)
        result = RowResult(0, "create", symbol)
    else:
        changes = {
            n: (_text(getattr(document, n)), _text(v))
            for n, v in values.items()
            if _text(getattr(document, n)) != _text(v)
        }
        result = RowResult(0, "change" if changes else "unchanged", symbol, changes)
        if changes:
            for name, value in values.items():
                setattr(document, name, value)
            document.full_clean()
            document.save()
    if session is not None:
        draft = publishing.draft_of(session)
        links = (
            list(draft.documents)
            if draft and draft.documents is not None
            else publishing.documents_as_draft(session)
        )
        if not any(link["symbol"] == symbol for link in links):
            links.append({"symbol": symbol, "role": "prepared_for"})
            publishing.draft_save(session=session, documents=links)
            result.changes["session"] = ("", session.key)
            if result.action == "unchanged":
                result.action = "change"
    return result


def _document_export() -> Iterable[list[str]]:
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
            d.symbol,
            d.title,
            d.kind,
            _text(d.issued_on),
            d.original_language,
            d.access,
            prepared[0] if prepared else "",
        ]


@dataclass(frozen=True)
class Kind:
    columns: list[str]
    required: set[str]
    load: Callable[[dict[str, str]], RowResult]
    export: Callable[[], Iterable[list[str]]]
    model: type[models.Model]
    # Columns holding another name of one of the model's text fields (a parent item's label).
    same_as: dict[str, str] = field(default_factory=dict)

    def text_field(self, column: str) -> models.Field | None:
        try:
            found = self.model._meta.get_field(self.same_as.get(column, column))
        except FieldDoesNotExist:
            return None
        return found if isinstance(found, models.CharField | models.TextField) else None


KINDS: dict[str, Kind] = {
    "sessions": Kind(SESSION_COLUMNS, {"body"}, _session_row, _session_export, Session),
    "meetings": Kind(MEETING_COLUMNS, {"session"}, _meeting_row, _meeting_export, Meeting),
    "agenda_items": Kind(
        AGENDA_COLUMNS,
        {"session", "label", "title"},
        _agenda_row,
        _agenda_export,
        AgendaItem,
        same_as={"parent": "label"},
    ),
    "documents": Kind(
        DOCUMENT_COLUMNS, {"symbol"}, _document_row, _document_export, DocumentReference
    ),
}


def _check_cells(kind: Kind, row: dict[str, str]) -> None:
    """Each text cell against its model field's validators (length, one line): refused with the
    limit rather than cut, whichever way the row is stored afterwards (draft, service, save)."""
    errors: dict[str, list[str]] = {}
    for column, value in row.items():
        model_field = kind.text_field(column)
        if model_field is None:
            continue
        try:
            model_field.run_validators(value)
        except ValidationError as error:
            errors[column] = list(error.messages)
    if errors:
        raise ValidationError(errors)


def decode(data: bytes) -> str:
    """An uploaded file as text: UTF-8 (with or without a byte-order mark), within the size limit."""
    if len(data) > MAX_BYTES:
        raise CsvError(f"The file is larger than {MAX_BYTES // 1_000_000} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(f"The file is not UTF-8 text (byte {error.start}).") from None


def _rows(kind: Kind, data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    if isinstance(data, bytes):
        data = decode(data)
    if len(data) > MAX_BYTES:
        raise CsvError(f"The file is larger than {MAX_BYTES // 1_000_000} MB.")
    if "\x00" in data:
        raise CsvError("The file contains NUL bytes: is it really CSV?")
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff"), newline=""))
    try:
        headers = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise CsvError(f"Line 1: {error}.") from None
    if not headers:
        raise CsvError("The file is empty: the first line must name the columns.")
    unknown = [h for h in headers if h not in kind.columns]
    missing = kind.required - set(headers)
    if unknown:
        raise CsvError(
            f"Unknown column(s): {', '.join(unknown)}. Known: {', '.join(kind.columns)}."
        )
    if missing:
        raise CsvError(f"Missing column(s): {', '.join(sorted(missing))}.")
    reader.fieldnames = headers
    rows = []
    try:
        for row in reader:
            if None in row:
                rows.append((reader.line_num, {"__extra__": "1"}))
                continue
            rows.append((reader.line_num, {k: import_cell(v or "") for k, v in row.items()}))
            if len(rows) > MAX_ROWS:
                raise CsvError(f"More than {MAX_ROWS} rows: split the file.")
    except csv.Error as error:
        raise CsvError(f"Line {reader.line_num}: {error}.") from None
    return rows


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {'; '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)


def csv_import(kind_name: str, data: bytes | str, *, commit: bool) -> ImportReport:
    """Preview (commit=False) or import (commit=True) a CSV; refused rows keep nothing."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise CsvError(f"Unknown kind {kind_name!r}; one of: {', '.join(KINDS)}.")
    rows = _rows(kind, data)
    results: list[RowResult] = []
    with transaction.atomic():
        for line, row in rows:
            if "__extra__" in row:
                results.append(RowResult(line, "refuse", errors=["more cells than columns"]))
                continue
            try:
                _check_cells(kind, row)
                with transaction.atomic():
                    result = kind.load(row)
            except ValidationError as error:
                result = RowResult(line, "refuse", errors=_messages(error))
            result.line = line
            results.append(result)
        if not commit:
            transaction.set_rollback(True)
    return ImportReport(kind_name, results, committed=commit)


def csv_export(kind_name: str) -> str:
    kind = KINDS.get(kind_name)
    if kind is None:
        raise CsvError(f"Unknown kind {kind_name!r}; one of: {', '.join(KINDS)}.")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(kind.columns)
    writer.writerows([export_cell(cell) for cell in row] for row in kind.export())
    return out.getvalue()
