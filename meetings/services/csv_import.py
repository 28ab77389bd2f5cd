"""CSV import with preview of sessions, meetings, agenda items and documents (the export, in the
same columns, is selectors/csv_export.py).

The preview is the import itself, run in a transaction that is rolled back: what staff see is
exactly what confirming does. Each row runs in a savepoint, so a refused row (with its reasons)
keeps nothing while the others go in; confirming runs it again in one transaction. Rows go
through the services: a session is created by session_create and edited by session_edit (a
published session's edits land in its draft), a meeting by the meeting services.

Every text cell is checked against its model field before the row is loaded (length limit,
one-line text), so nothing is cut or let through unchecked; a cell the export escaped (a leading
apostrophe before a formula character) is read back exactly (domain/csvcells.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.dateparse import parse_datetime

from config.changes import data_changed
from config.validation import error_lines
from governance import services as governance_services
from governance.history import note_author
from governance.models import DocumentReference
from governance.services.search_index import document_index
from meetings.domain.csvcells import CsvError, cell_text, import_cell
from meetings.models import AgendaItem, Meeting, Session
from meetings.models.sessions import MEETING_FIELDS, SESSION_FIELDS
from meetings.selectors.csv_export import (
    AGENDA_COLUMNS,
    DOCUMENT_COLUMNS,
    MEETING_COLUMNS,
    SESSION_COLUMNS,
)
from meetings.selectors.drafts import agenda_as_draft, agenda_entry, documents_as_draft
from meetings.services import publishing
from meetings.services.meetings import meeting_create, meeting_update
from meetings.services.sessions import session_create

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000


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


def _date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: f"not a date (YYYY-MM-DD): {value!r}"}) from None


def _int(value: str, name: str, *, minimum: int = 1) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: f"not a whole number: {value!r}"}) from None
    if number < minimum:
        raise ValidationError({name: f"must be {minimum} or more"})
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


def _lookup(model: type[models.Model], field_name: str, value: str, name: str) -> Any:
    if not value:
        return None
    found = model._default_manager.filter(**{field_name: value}).first()
    if found is None:
        raise ValidationError({name: f"unknown {name} {value!r}"})
    return found


def _value(model: type[models.Model], name: str, cell: str) -> Any:
    """A cell as the model field's value: a related row by its key, an empty cell as the field's
    default (None, "" or its declared default)."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return _lookup(model_field.related_model, "key", cell, name)  # type: ignore[arg-type]
    if isinstance(model_field, models.DateTimeField):
        return _datetime(cell, name)
    if isinstance(model_field, models.DateField):
        return _date(cell, name)
    if isinstance(model_field, models.BooleanField):
        if cell not in ("", "0", "1"):
            raise ValidationError({name: f"not 0 or 1: {cell!r}"})
        return cell == "1" if cell else model_field.get_default()
    if isinstance(model_field, models.IntegerField):
        # Session and meeting numbers start at 1; a count may be 0.
        return _int(cell, name, minimum=1 if name == "number" else 0)
    return cell or model_field.get_default()  # type: ignore[union-attr]


def _values(
    model: type[models.Model], names: tuple[str, ...], row: dict[str, str]
) -> dict[str, Any]:
    """Only the columns the file has: a column left out changes nothing."""
    return {name: _value(model, name, row[name]) for name in names if name in row}


def _session(value: str) -> Session:
    if not value:
        raise ValidationError({"session": "required"})
    found: Session = _lookup(Session, "key", value, "session")
    return found


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        name: (cell_text(old[name]), cell_text(value))
        for name, value in new.items()
        if cell_text(old[name]) != cell_text(value)
    }


# --- the rows of each kind: (row, by) -> RowResult -------------------------------------------


def _session_row(row: dict[str, str], by: User | None) -> RowResult:
    values = _values(Session, SESSION_FIELDS, row)
    if values.get("body") is None:
        raise ValidationError({"body": "required"})
    if "start_date" in values and not values.get("end_date"):
        values["end_date"] = values["start_date"]
    key = row.get("key", "")
    session = Session.objects.filter(key=key).first() if key else None
    if session is None and values.get("number"):
        session = Session.objects.filter(body=values["body"], number=values["number"]).first()
    if session is None:
        created = session_create(session=Session(key=key, **values), by=by)
        return RowResult(0, "create", created.key)
    values.pop("body")  # a session stays with its body; the column only finds it
    draft = publishing.draft_of(session)
    pending = publishing.draft_values(draft.fields) if draft else {}
    changes = _changes({n: pending.get(n, getattr(session, n)) for n in values}, values)
    if not changes:
        return RowResult(0, "unchanged", session.key)
    publishing.session_edit(session=session, fields={n: values[n] for n in changes}, by=by)
    return RowResult(0, "change", session.key, changes)


def _meeting_row(row: dict[str, str], by: User | None) -> RowResult:
    session = _session(row.get("session", ""))
    values = _values(Meeting, MEETING_FIELDS, row)
    number, date = values.get("number"), values.get("date")
    if number is None and date is None:
        raise ValidationError({"number": "give the meeting's number or its date"})
    match = {"number": number} if number else {"date": date, "part": values.get("part", "")}
    meeting = Meeting.objects.filter(session=session, **match).first()
    label = f"{session.key} #{number or date}"
    if meeting is None:
        meeting_create(meeting=Meeting(session=session, **values), by=by)
        return RowResult(0, "create", label)
    changes = _changes({n: getattr(meeting, n) for n in values}, values)
    if not changes:
        return RowResult(0, "unchanged", label)
    meeting_update(meeting=meeting, fields={n: values[n] for n in changes}, by=by)
    return RowResult(0, "change", label, changes)


def _agenda_row(row: dict[str, str], by: User | None) -> RowResult:
    session = _session(row.get("session", ""))
    label = (row.get("label") or "").strip()
    if not label:
        raise ValidationError({"label": "required"})
    draft = publishing.draft_of(session)
    agenda = (
        [agenda_entry(item) for item in draft.agenda]
        if draft and draft.agenda is not None
        else agenda_as_draft(session)
    )
    key = f"{session.key} item {label}"
    old = next((item for item in agenda if item["label"] == label), None)
    base = old or {**agenda_entry({"label": label}), "kind": "other"}
    entry = {name: (row[name] if name in row else base[name]) for name in base}
    entry["kind"] = entry["kind"] or "other"
    if old == entry:
        return RowResult(0, "unchanged", key)
    if old is None:
        agenda.append(entry)
    else:
        agenda[agenda.index(old)] = entry
    publishing.session_edit(session=session, agenda=agenda, by=by)
    if old is None:
        return RowResult(0, "create", key)
    changes = {n: (old.get(n, ""), v) for n, v in entry.items() if old.get(n, "") != v}
    return RowResult(0, "change", key, changes)


def _document_row(row: dict[str, str], by: User | None) -> RowResult:
    symbol = (row.get("symbol") or "").strip()
    if not symbol:
        raise ValidationError({"symbol": "required"})
    names = ("title", "title_fr", "title_es", "kind", "issued_on", "original_language", "access")
    values = _values(DocumentReference, names, row)
    session = _session(row["session"]) if row.get("session") else None
    document = DocumentReference.objects.filter(symbol=symbol).first()
    if document is None:
        governance_services.document_create(symbol=symbol, by=by, **values)
        result = RowResult(0, "create", symbol)
    else:
        changes = _changes({n: getattr(document, n) for n in values}, values)
        result = RowResult(0, "change" if changes else "unchanged", symbol, changes)
        if changes:
            for name, value in values.items():
                setattr(document, name, value)
            document.full_clean()
            note_author(document, by)
            document.save()  # the import's data_changed() covers it
            document_index(document=document)
    if session is not None:
        draft = publishing.draft_of(session)
        links = (
            list(draft.documents)
            if draft and draft.documents is not None
            else documents_as_draft(session)
        )
        if not any(link["symbol"] == symbol for link in links):
            links.append({"symbol": symbol, "role": "prepared_for"})
            publishing.session_edit(session=session, documents=links, by=by)
            result.changes["session"] = ("", session.key)
            if result.action == "unchanged":
                result.action = "change"
    return result


@dataclass(frozen=True)
class Kind:
    columns: list[str]
    required: set[str]
    load: Callable[[dict[str, str], User | None], RowResult]
    model: type[models.Model]
    # Columns holding another name of one of the model's text fields (a parent item's label).
    same_as: dict[str, str] = field(default_factory=dict)

    def text_field(
        self, column: str
    ) -> models.CharField[Any, Any] | models.TextField[Any, Any] | None:
        try:
            found = self.model._meta.get_field(self.same_as.get(column, column))
        except FieldDoesNotExist:
            return None
        return found if isinstance(found, models.CharField | models.TextField) else None


KINDS: dict[str, Kind] = {
    "sessions": Kind(SESSION_COLUMNS, {"body"}, _session_row, Session),
    "meetings": Kind(MEETING_COLUMNS, {"session"}, _meeting_row, Meeting),
    "agenda_items": Kind(
        AGENDA_COLUMNS,
        {"session", "label", "title"},
        _agenda_row,
        AgendaItem,
        same_as={"parent": "label"},
    ),
    "documents": Kind(DOCUMENT_COLUMNS, {"symbol"}, _document_row, DocumentReference),
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


def _row_key(kind_name: str, row: dict[str, str]) -> str:
    """What a refused row would have been, as the preview names the others."""
    cell = {name: (value or "").strip() for name, value in row.items() if isinstance(value, str)}
    if kind_name == "sessions":
        numbered = f"{cell.get('body', '')}-{cell['number']}" if cell.get("number") else ""
        return cell.get("key") or numbered
    if kind_name == "meetings":
        which = cell.get("number") or cell.get("date")
        return f"{cell.get('session', '')} #{which}" if which else cell.get("session", "")
    if kind_name == "agenda_items":
        return f"{cell.get('session', '')} item {cell.get('label', '')}".strip()
    return cell.get("symbol", "")


def csv_import(
    kind_name: str, data: bytes | str, *, commit: bool, by: User | None = None
) -> ImportReport:
    """Preview (commit=False) or import (commit=True) a CSV; refused rows keep nothing."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise CsvError(f"Unknown kind {kind_name!r}; one of: {', '.join(KINDS)}.")
    rows = _rows(kind, data)
    results: list[RowResult] = []
    with transaction.atomic():
        for line, row in rows:
            if "__extra__" in row:
                results.append(
                    RowResult(
                        line, "refuse", _row_key(kind_name, row), errors=["more cells than columns"]
                    )
                )
                continue
            try:
                _check_cells(kind, row)
                with transaction.atomic():
                    result = kind.load(row, by)
            except ValidationError as error:
                result = RowResult(
                    line, "refuse", _row_key(kind_name, row), errors=error_lines(error)
                )
            result.line = line
            results.append(result)
        if commit:
            data_changed()
        else:
            transaction.set_rollback(True)
    return ImportReport(kind_name, results, committed=commit)
