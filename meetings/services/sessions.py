"""Services that change a session: create it, apply edits, reschedule, postpone, cancel,
confirm, unpublish, add an agenda item. The admin, the API, the CSV import and planning call these.

Each does, in its own body and transaction, everything that follows from the change: it records
the schedule revision, raises the calendar SEQUENCE (``F("sequence") + 1``) when a calendar field
changed, holds the change notice of a published session (in the same transaction, so the notice
exists exactly when the change committed) and marks the public data changed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.changes import data_changed
from governance.enums import DatePrecision
from governance.history import note_author
from meetings.models import ScheduleRevision, Session, SessionDraft
from meetings.models.enums import RevisionKind, SessionStatus
from meetings.models.sessions import SESSION_EDITABLE
from meetings.reminders.notices import change_record
from meetings.services.calendar import calendar_save
from meetings.services.search_index import session_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Where a change is announced: the seed's "file", "line", "place" and "quote" (Sourced), and on a
# schedule revision the announcing "document" (a DocumentReference), a note verbale "reference"
# or free "text" (the secretariat's words, shown publicly as entered).
Source = dict[str, Any]
DATE_FIELDS = ("start_date", "end_date", "date_precision", "date_label")


def _source_fields(source: Source | None) -> dict[str, Any]:
    source = source or {}
    return {
        "source_file": source.get("file", "") or "",
        "source_line": source.get("line"),
        "source_place": source.get("place", "") or "",
        "source_quote": source.get("quote", "") or "",
    }


def _revision_source_fields(source: Source | None) -> dict[str, Any]:
    source = source or {}
    return {
        **_source_fields(source),
        "source_document": source.get("document"),
        "source_reference": source.get("reference", "") or "",
        "source_text": source.get("text", "") or "",
    }


def validate_span(start: dt.date | None, end: dt.date | None, precision: str) -> None:
    if precision == DatePrecision.DAY and start is None:
        raise ValidationError({"start_date": _("Exact dates need a first day.")})
    if start and end and end < start:
        raise ValidationError({"end_date": _("The last day cannot be before the first day.")})


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def _locked(session: Session) -> Session:
    locked: Session = Session.objects.select_for_update().get(pk=session.pk)
    return locked


def _record_revision(
    *,
    current: Session,
    kind: str,
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    label: str,
    announced_on: dt.date | None,
    source: Source | None,
    by: User | None,
    note: str,
    reason: str = "",
) -> ScheduleRevision:
    revisions = ScheduleRevision.objects.filter(session=current)
    position = (revisions.aggregate(m=Max("position"))["m"] or 0) + 1
    if position == 1 and current.start_date:
        # Keep the dates first announced, so the history reads "announced ...; changed to ...".
        ScheduleRevision.objects.create(
            session=current,
            position=1,
            kind=RevisionKind.ANNOUNCED,
            start_date=current.start_date,
            end_date=current.end_date,
            precision=current.date_precision,
            date_label=current.date_label,
            **_source_fields(
                {
                    "file": current.source_file,
                    "line": current.source_line,
                    "place": current.source_place,
                    "quote": current.source_quote,
                }
            ),
        )
        position = 2
    revisions.filter(is_latest=True).update(is_latest=False)
    return ScheduleRevision.objects.create(
        session=current,
        position=position,
        kind=kind,
        old_start=current.start_date,
        old_end=current.end_date,
        start_date=start,
        end_date=end,
        precision=precision,
        date_label=label,
        announced_on=announced_on,
        is_latest=True,
        recorded_by=by if getattr(by, "pk", None) else None,
        note=note,
        reason=reason,
        **_revision_source_fields(source),
    )


def _change(current: Session, values: dict[str, Any], *, kind: str | None, by: User | None) -> None:
    """Save a locked session with ``values``; a published one's calendar change of ``kind``
    (a RevisionKind) is held as a change notice."""
    changes = calendar_save(current, values, by=by)
    if kind is not None and changes and current.is_published:
        change_record(session_id=current.pk, kind=kind, changes=changes)
    # Its documents' audience follows its publication.
    session_index(session=current, documents="is_published" in values)
    data_changed()


def _reschedule(
    current: Session,
    *,
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    label: str,
    kind: str,
    announced_on: dt.date | None,
    source: Source | None,
    by: User | None,
    note: str,
    reason: str = "",
    also: dict[str, Any] | None = None,
) -> ScheduleRevision:
    """New dates for a locked session (with ``also``, other edits saved with them)."""
    revision = _record_revision(
        current=current,
        kind=kind,
        start=start,
        end=end,
        precision=precision,
        label=label,
        announced_on=announced_on,
        source=source,
        by=by,
        note=note,
        reason=reason,
    )
    values: dict[str, Any] = {
        **(also or {}),
        "start_date": start,
        "end_date": end,
        "date_precision": precision,
        "date_label": label,
    }
    if kind == RevisionKind.POSTPONED:
        values["status"] = SessionStatus.POSTPONED
    elif values.get("status", current.status) in (SessionStatus.POSTPONED, SessionStatus.CANCELLED):
        values["status"] = SessionStatus.TENTATIVE
    _change(current, values, kind=kind, by=by)
    return revision


def session_reschedule(
    *,
    session: Session,
    start: dt.date | None,
    end: dt.date | None = None,
    precision: str = DatePrecision.DAY,
    label: str = "",
    kind: str = RevisionKind.CHANGED,
    announced_on: dt.date | None = None,
    source: Source | None = None,
    by: User | None = None,
    note: str = "",
    reason: str = "",
) -> ScheduleRevision:
    """Move a session to new dates, keeping the old ones as a schedule revision with the
    ``reason`` and the ``source`` (see Source), which the public history shows; ``session`` is
    refreshed from the saved row.

    A published session is rescheduled at once, not through its draft: a reschedule is an
    announcement (a note verbale, a document), public when made, so its calendar change goes to
    feeds with a higher SEQUENCE and is held as a change notice. Dates pending in the session's
    draft are dropped, since this reschedule supersedes them (publishing the draft would
    otherwise move the session again); the draft's other edits stay.
    """
    end = end or start
    validate_span(start, end, precision)
    with transaction.atomic():
        current = _locked(session)
        if current.is_published:
            _drop_draft_dates(current)
        revision = _reschedule(
            current,
            start=start,
            end=end,
            precision=precision,
            label=label,
            kind=kind,
            announced_on=announced_on,
            source=source,
            by=by,
            note=note,
            reason=reason,
        )
    session.refresh_from_db()
    return revision


def _drop_draft_dates(current: Session) -> None:
    draft = SessionDraft.objects.select_for_update().filter(session=current).first()
    if draft is None or not set(draft.fields) & set(DATE_FIELDS):
        return
    draft.fields = {name: v for name, v in draft.fields.items() if name not in DATE_FIELDS}
    if draft.fields or draft.agenda is not None or draft.documents is not None:
        draft.save()
    else:
        draft.delete()


def session_postpone(
    *,
    session: Session,
    start: dt.date | None = None,
    end: dt.date | None = None,
    precision: str = DatePrecision.DAY,
    label: str = "",
    source: Source | None = None,
    by: User | None = None,
    note: str = "",
    reason: str = "",
) -> ScheduleRevision:
    """Postpone a session, to new dates if known (the UID stays: clients move the event), with
    the ``reason`` and ``source`` shown in its public history."""
    if start is None:
        start, end, precision = session.start_date, session.end_date, session.date_precision
        label = label or session.date_label
    return session_reschedule(
        session=session,
        start=start,
        end=end,
        precision=precision,
        label=label,
        kind=RevisionKind.POSTPONED,
        source=source,
        by=by,
        note=note,
        reason=reason,
    )


def session_cancel(
    *,
    session: Session,
    by: User | None = None,
    note: str = "",
    source: Source | None = None,
    reason: str = "",
) -> Session:
    """Cancel a session; it stays in feeds as CANCELLED so calendars remove it. The revision
    keeps the ``reason`` and ``source`` shown in its public history."""
    with transaction.atomic():
        current = _locked(session)
        if current.status != SessionStatus.CANCELLED:
            _record_revision(
                current=current,
                kind=RevisionKind.CANCELLED,
                start=current.start_date,
                end=current.end_date,
                precision=current.date_precision,
                label=current.date_label,
                announced_on=None,
                source=source,
                by=by,
                note=note,
                reason=reason,
            )
            _change(
                current, {"status": SessionStatus.CANCELLED}, kind=RevisionKind.CANCELLED, by=by
            )
    session.refresh_from_db()
    return current


def session_confirm(*, session: Session, by: User | None = None) -> Session:
    """Mark a tentative session as confirmed (calendars are told: a higher SEQUENCE)."""
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be confirmed; reschedule it first."))
    if not session.has_exact_dates:
        raise ValidationError(_("Only a session with exact dates can be confirmed."))
    if session.status != SessionStatus.CONFIRMED:
        with transaction.atomic():
            _change(_locked(session), {"status": SessionStatus.CONFIRMED}, kind=None, by=by)
        session.refresh_from_db()
    return session


def session_unpublish(*, session: Session, by: User | None = None) -> Session:
    if session.is_published:
        with transaction.atomic():
            _change(_locked(session), {"is_published": False}, kind=None, by=by)
        session.refresh_from_db()
    return session


def session_key(session: Session) -> str:
    base = (
        f"{session.body.key}-{session.number}"
        if session.number
        else slugify(f"{session.body.key} {session.name}")[:70]
    )
    key, n = base, 2
    while Session.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def session_create(*, session: Session, by: User | None = None) -> Session:
    """The one way to create a session (admin, API, CSV import, planning), from an unsaved one:
    its key from the body and the number (or the name) when it has none, the last day the first
    when not given, validated as the admin form validates; unpublished unless it says otherwise."""
    if not session.key:
        session.key = session_key(session)
    session.end_date = session.end_date or session.start_date
    session.full_clean()
    note_author(session, by)
    with transaction.atomic():
        session.save()
        session_index(session=session, documents=False)
        data_changed()
    return session


def session_update(
    *,
    session: Session,
    fields: dict[str, Any],
    by: User | None = None,
    note: str = "",
    source: Source | None = None,
) -> Session:
    """Apply edits to a session now (drafts aside: see publishing.session_edit, which calls
    this for a session nobody sees yet and when a draft is published).

    A change of dates is a reschedule: one schedule revision (with ``note`` and ``source``) and,
    for a published session, one change notice. Fields given with their stored value change
    nothing; SEQUENCE goes up once however many calendar fields changed.
    """
    unknown = set(fields) - set(SESSION_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        current = _locked(session)
        stored = {name: _plain(getattr(current, name)) for name in DATE_FIELDS}
        dates = {**stored, **{n: _plain(v) for n, v in fields.items() if n in DATE_FIELDS}}
        also = {name: value for name, value in fields.items() if name not in DATE_FIELDS}
        if dates == stored:
            _change(current, also, kind=None, by=by)
        else:
            end = dates["end_date"] or dates["start_date"]
            validate_span(dates["start_date"], end, dates["date_precision"])
            _reschedule(
                current,
                start=dates["start_date"],
                end=end,
                precision=dates["date_precision"],
                label=dates["date_label"],
                kind=RevisionKind.CHANGED,
                announced_on=None,
                source=source,
                by=by,
                note=note,
                also=also,
            )
    session.refresh_from_db()
    return session
