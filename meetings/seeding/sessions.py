"""Sessions and where and when they sit: venues (venues.yaml), sessions (sessions.yaml), their
schedule revisions (schedule_revisions.yaml: every announcement of their dates, with the dates it
replaced) and their meetings (meetings.yaml: the sittings, numbered or dated)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

from governance.models import Body
from meetings.models import Meeting, ScheduleRevision, Session, SessionDocument, Venue
from meetings.seeding.fields import (
    Context,
    RecordError,
    check_keys,
    date_of,
    source_fields,
    text,
    time_of,
)
from meetings.seeding.upsert import upsert
from meetings.services.calendar import calendar_save


def _calendar_update(row: Session | Meeting, changed: dict[str, Any]) -> None:
    """A seed's new values for a session or a meeting, saved as an edit is: a new date or
    status raises SEQUENCE (and a session's meetings follow), so subscribed calendars take it."""
    calendar_save(row, changed, by=None)


def load_venue(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"key", "name"},
        {"name_fr", "name_es", "city", "city_fr", "city_es", "country", "country_code", "timezone"},
    )
    _, outcome = upsert(
        Venue,
        {"key": record["key"]},
        {
            "name": record["name"],
            "name_fr": text(record, "name_fr"),
            "name_es": text(record, "name_es"),
            "city": text(record, "city"),
            "city_fr": text(record, "city_fr"),
            "city_es": text(record, "city_es"),
            "country": text(record, "country"),
            "country_code": text(record, "country_code"),
            "timezone": record.get("timezone") or "Europe/Zurich",
        },
    )
    yield outcome


def load_session(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"key", "body"},
        {
            "number",
            "kind",
            "name",
            "start",
            "end",
            "precision",
            "date_label",
            "venue",
            "status",
            "meetings_count",
            "report",
            "theme",
            "notes",
            "is_published",
        },
    )
    start = date_of(record.get("start"), "start")
    values = {
        "body": ctx.get(Body, "key", record["body"], what="body"),
        "number": record.get("number"),
        "kind": record.get("kind") or "unknown",
        "name": text(record, "name"),
        "start_date": start,
        "end_date": date_of(record.get("end"), "end") or start,
        "date_precision": record.get("precision") or ("day" if start else "unknown"),
        "date_label": text(record, "date_label"),
        "venue": ctx.get(Venue, "key", record.get("venue"), what="venue"),
        "status": record.get("status") or "held",
        "is_published": record.get("is_published", True),
        "meetings_count": record.get("meetings_count"),
        "report": ctx.document(record["report"]) if record.get("report") else None,
        "theme": text(record, "theme"),
        "notes": text(record, "notes"),
        **source_fields(record),
    }
    if not values["number"] and not values["name"]:
        raise RecordError("a session needs a number, or a name if it has none")
    _, outcome = upsert(Session, {"key": record["key"]}, values, update=_calendar_update)
    yield outcome
    if values["report"] is not None:
        _, _created = SessionDocument.objects.get_or_create(
            session=Session.objects.get(key=record["key"]), document=values["report"], role="report"
        )


def load_revision(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"session", "order", "kind"},
        {
            "start",
            "end",
            "precision",
            "date_label",
            "announced_on",
            "is_latest",
            "conflicts_with_order",
            "note",
        },
    )
    session = ctx.get(Session, "key", record["session"], what="session")
    start = date_of(record.get("start"), "start")
    values = {
        "kind": record["kind"],
        "start_date": start,
        "end_date": date_of(record.get("end"), "end") or start,
        "precision": record.get("precision") or "day",
        "date_label": text(record, "date_label"),
        "announced_on": date_of(record.get("announced_on"), "announced_on"),
        "is_latest": bool(record.get("is_latest")),
        "note": text(record, "note"),
        **source_fields(record),
    }
    _, outcome = upsert(ScheduleRevision, {"session": session, "position": record["order"]}, values)
    yield outcome


def link_revision(record: dict[str, Any], ctx: Context) -> None:
    """Second pass: previous dates and disagreements between texts."""
    session = ctx.get(Session, "key", record["session"], what="session")
    revision = ScheduleRevision.objects.get(session=session, position=record["order"])
    other = None
    if record.get("conflicts_with_order"):
        other = ScheduleRevision.objects.filter(
            session=session, position=record["conflicts_with_order"]
        ).first()
        if other is None:
            raise RecordError(
                f"conflicts_with_order {record['conflicts_with_order']}: no such revision of {session.key}"
            )
    # The previous dates are the last earlier announcement that is not a disagreeing variant.
    earlier = ScheduleRevision.objects.filter(
        session=session, position__lt=revision.position, conflicts_with__isnull=True
    )
    if other is not None:
        earlier = earlier.exclude(pk=other.pk)
    previous = earlier.order_by("-position").first()
    old = (
        (previous.start_date, previous.end_date)
        if previous and revision.kind != "announced"
        else (None, None)
    )
    if (revision.conflicts_with_id, revision.old_start, revision.old_end) != (
        getattr(other, "pk", None),
        *old,
    ):
        revision.conflicts_with = other
        revision.old_start, revision.old_end = old
        revision.save(update_fields=["conflicts_with", "old_start", "old_end", "updated_at"])


def load_meeting(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record, {"session"}, {"number", "date", "part", "start_time", "end_time", "title", "venue"}
    )

    session = ctx.get(Session, "key", record["session"], what="session")
    day = date_of(record.get("date"), "date")
    venue = ctx.get(Venue, "key", record.get("venue"), what="venue")
    tz = zoneinfo.ZoneInfo(venue.timezone if venue else session.timezone)
    starts = time_of(record.get("start_time"), "start_time")
    ends = time_of(record.get("end_time"), "end_time")
    values = {
        "date": day,
        "part": record.get("part") or "",
        "starts_at": dt.datetime.combine(day, starts, tz) if day and starts else None,
        "ends_at": dt.datetime.combine(day, ends, tz) if day and ends else None,
        "title": text(record, "title"),
        "venue": venue,
        **source_fields(record),
    }
    lookup: dict[str, Any] = {"session": session}
    if record.get("number"):
        lookup["number"] = record["number"]
    elif day:
        lookup.update(number=None, date=day, part=values["part"])
    else:
        raise RecordError("a meeting needs a number or a date")
    _, outcome = upsert(
        Meeting,
        lookup,
        {k: v for k, v in values.items() if k not in lookup},
        update=_calendar_update,
    )
    yield outcome
