"""Services that change what is on the calendar. Admin, API and commands call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from governance.enums import DatePrecision
from meetings.models import ScheduleRevision, Session
from meetings.models.enums import RevisionKind, SessionStatus
from meetings.signals import session_schedule_changed

Source = dict[str, Any]


def _source_fields(source: Source | None) -> dict[str, Any]:
    source = source or {}
    return {
        "source_file": source.get("file", "") or "",
        "source_line": source.get("line"),
        "source_place": source.get("place", "") or "",
        "source_quote": source.get("quote", "") or "",
    }


def _validate_span(start: dt.date | None, end: dt.date | None, precision: str) -> None:
    if precision == DatePrecision.DAY and start is None:
        raise ValidationError({"start_date": _("Exact dates need a first day.")})
    if start and end and end < start:
        raise ValidationError({"end_date": _("The last day cannot be before the first day.")})


def _notify_on_commit(session: Session, kind: str, changes: dict[str, tuple[Any, Any]]) -> None:
    if not session.is_published or not changes:
        return
    transaction.on_commit(
        lambda: session_schedule_changed.send(
            sender=Session, session_id=session.pk, kind=kind, changes=changes
        )
    )


def _record_revision(
    *,
    session: Session,
    current: Session,
    kind: str,
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    label: str,
    announced_on: dt.date | None,
    source: Source | None,
    by: Any,
    note: str,
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
        **_source_fields(source),
    )


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
    by: Any = None,
    note: str = "",
) -> ScheduleRevision:
    """Move a session to new dates, keeping the old ones as a schedule revision.

    Saves the given instance (so other edits made on it in a form are saved too),
    raises its calendar SEQUENCE once and, when published, sends the change notice
    signal after commit.
    """
    end = end or start
    _validate_span(start, end, precision)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        revision = _record_revision(
            session=session,
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
        )
        # Compare against the row as stored, not as the caller loaded it.
        session._loaded = {name: getattr(current, name) for name in Session.tracked_fields}
        session.sequence = current.sequence
        session.start_date, session.end_date = start, end
        session.date_precision, session.date_label = precision, label
        if kind == RevisionKind.POSTPONED:
            session.status = SessionStatus.POSTPONED
        elif session.status in (SessionStatus.POSTPONED, SessionStatus.CANCELLED):
            session.status = SessionStatus.TENTATIVE
        changes = session.tracked_changes()
        session.full_clean(exclude=["report", "venue", "body"])
        session.save()
        _notify_on_commit(session, kind, changes)
    return revision


def session_postpone(
    *,
    session: Session,
    start: dt.date | None = None,
    end: dt.date | None = None,
    precision: str = DatePrecision.DAY,
    label: str = "",
    source: Source | None = None,
    by: Any = None,
    note: str = "",
) -> ScheduleRevision:
    """Postpone a session, to new dates if known (the UID stays: clients move the event)."""
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
    )


def session_cancel(
    *, session: Session, by: Any = None, note: str = "", source: Source | None = None
) -> Session:
    """Cancel a session; it stays in feeds as CANCELLED so calendars remove it."""
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.status == SessionStatus.CANCELLED:
            return current
        _record_revision(
            session=session,
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
        )
        changes = {"status": (current.status, SessionStatus.CANCELLED)}
        current.status = SessionStatus.CANCELLED
        current.save()
        _notify_on_commit(current, RevisionKind.CANCELLED, changes)
    session.refresh_from_db()
    return current


def session_confirm(*, session: Session) -> Session:
    """Mark a tentative session as confirmed."""
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be confirmed; reschedule it first."))
    if not session.has_exact_dates:
        raise ValidationError(_("Only a session with exact dates can be confirmed."))
    if session.status != SessionStatus.CONFIRMED:
        session.status = SessionStatus.CONFIRMED
        session.save()
    return session


def session_unpublish(*, session: Session) -> Session:
    if session.is_published:
        session.is_published = False
        session.save(update_fields=["is_published", "updated_at"])
    return session


SESSION_EDITABLE = (
    "body",
    "number",
    "kind",
    "name",
    "venue",
    "status",
    "meetings_count",
    "report",
    "theme",
    "notes",
    "requested_on",
    "notice_sent_on",
)


def session_create(*, by: Any = None, **fields: Any) -> Session:
    """Create a session (unpublished until published), validated like the admin form."""
    session = Session(**fields)
    if not session.key:
        session.key = session_key(session)
    session.end_date = session.end_date or session.start_date
    session.full_clean()
    session.save()
    return session


def session_key(session: Session) -> str:
    from django.utils.text import slugify

    base = (
        f"{session.body.key}-{session.number}"
        if session.number
        else slugify(f"{session.body.key} {session.name}")[:70]
    )
    key, n = base, 2
    while Session.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def session_update(*, session: Session, by: Any = None, **fields: Any) -> Session:
    """Update a session; a change of dates goes through the reschedule service (history kept)."""
    dates = {
        name: fields.pop(name)
        for name in ("start_date", "end_date", "date_precision", "date_label")
        if name in fields
    }
    unknown = set(fields) - set(SESSION_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        for name, value in fields.items():
            setattr(session, name, value)
        session.full_clean()
        session.save()
        if dates:
            session_reschedule(
                session=session,
                start=dates.get("start_date", session.start_date),
                end=dates.get("end_date", session.end_date),
                precision=dates.get("date_precision", session.date_precision),
                label=dates.get("date_label", session.date_label),
                by=by,
            )
    return session


def agenda_item_add(
    *, session: Session, title: str, label: str = "", kind: str = "other", documents=(), parent=None
) -> Any:
    from meetings.models import AgendaItem

    with transaction.atomic():
        position = (session.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem(
            session=session,
            title=title,
            label=label or str(position),
            kind=kind,
            parent=parent,
            position=position,
        )
        item.full_clean()
        item.save()
        item.documents.set(documents)
    return item
