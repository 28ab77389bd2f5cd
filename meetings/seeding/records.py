"""One loader per kind of seed record: check the record, then upsert its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from governance.models import (
    AnnualTheme,
    Body,
    DocumentReference,
    Entity,
    Membership,
    MembershipFigure,
    Person,
    SourceDiscrepancy,
)
from meetings.models import (
    Admission,
    AgendaItem,
    BureauMember,
    Decision,
    Election,
    Meeting,
    ScheduleRevision,
    Session,
    Venue,
)
from meetings.seeding.upsert import upsert


class RecordError(ValueError):
    pass


class Context:
    """Cache of rows by key, so references between records cost one query each."""

    def __init__(self) -> None:
        self.cache: dict[tuple[type, str, Any], Any] = {}

    def get(self, model: type, field: str, value: Any, *, what: str) -> Any:
        if value in (None, ""):
            return None
        cache_key = (model, field, value)
        if cache_key not in self.cache:
            obj = model.objects.filter(**{field: value}).first()
            if obj is None:
                raise RecordError(f"unknown {what} '{value}'")
            self.cache[cache_key] = obj
        return self.cache[cache_key]

    def document(self, ref: str) -> DocumentReference:
        obj = (
            DocumentReference.objects.filter(key=ref).first()
            or DocumentReference.objects.filter(symbol=ref).first()
        )
        if obj is None:
            raise RecordError(f"unknown document '{ref}'")
        return obj


def check_keys(record: dict[str, Any], required: set[str], optional: set[str]) -> None:
    missing = sorted(required - record.keys())
    if missing:
        raise RecordError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(record.keys() - required - optional - {"source"})
    if unknown:
        raise RecordError(f"unknown field(s): {', '.join(unknown)}")


def date_of(value: Any, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise RecordError(f"{name}: '{value}' is not a date (YYYY-MM-DD)") from error


def time_of(value: Any, name: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):  # YAML reads 09:30 as sexagesimal minutes
        return dt.time(value // 60, value % 60)
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as error:
        raise RecordError(f"{name}: '{value}' is not a time (HH:MM)") from error


def source_fields(record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source") or {}
    if not isinstance(source, dict):
        raise RecordError("source must be a mapping with file, line, place and quote")
    line = source.get("line")
    if line is not None and not isinstance(line, int):
        raise RecordError(f"source line '{line}' is not a number")
    return {
        "source_file": source.get("file") or "",
        "source_line": line,
        "source_place": source.get("place") or "",
        "source_quote": (source.get("quote") or "").strip(),
    }


def text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


# --- the standing structure ------------------------------------------------------------


def load_venue(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "name"}, {"city", "country", "timezone"})
    _, outcome = upsert(
        Venue,
        {"key": record["key"]},
        {
            "name": record["name"],
            "city": text(record, "city"),
            "country": text(record, "country"),
            "timezone": record.get("timezone") or "Europe/Zurich",
        },
    )
    yield outcome


BODY_RULES = {
    "notice_days_regular",
    "notice_days_special",
    "special_notice_within_days",
    "documents_days",
    "agenda_with_notice",
}


def load_body(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"key", "name", "kind"},
        {
            "acronym",
            "parent",
            "established",
            "established_label",
            "abolished",
            "abolition_note",
            "predecessor",
            "rhythm",
            "sessions_per_year",
            "usual_months",
            "terms_of_reference",
            "is_private",
            "is_external",
            "document_series",
            "numbering_restarts_note",
            "rules",
            "name_fr",
            "name_es",
            "reminder_lead_days",
            "notes",
        },
    )
    rules = record.get("rules") or {}
    unknown = set(rules) - BODY_RULES
    if unknown:
        raise RecordError(f"unknown rule(s): {', '.join(sorted(unknown))}")
    values = {
        "name": record["name"],
        "name_fr": text(record, "name_fr"),
        "name_es": text(record, "name_es"),
        "acronym": text(record, "acronym"),
        "kind": record["kind"],
        "established_on": date_of(record.get("established"), "established"),
        "established_label": text(record, "established_label"),
        "abolished_on": date_of(record.get("abolished"), "abolished"),
        "abolition_note": text(record, "abolition_note"),
        "rhythm": text(record, "rhythm"),
        "sessions_per_year": record.get("sessions_per_year"),
        "usual_months": record.get("usual_months") or [],
        "terms_of_reference": record.get("terms_of_reference") or [],
        "is_private": bool(record.get("is_private")),
        "is_external": bool(record.get("is_external")),
        "document_series": text(record, "document_series"),
        "notes": "\n".join(
            filter(None, [text(record, "notes"), text(record, "numbering_restarts_note")])
        ),
        "notice_days_regular": rules.get("notice_days_regular"),
        "notice_days_special": rules.get("notice_days_special"),
        "special_notice_within_days": rules.get("special_notice_within_days"),
        "documents_days": rules.get("documents_days"),
        "agenda_with_notice": rules.get("agenda_with_notice", True),
        "reminder_lead_days": record.get("reminder_lead_days") or [30, 7, 1],
        **source_fields(record),
    }
    _, outcome = upsert(Body, {"key": record["key"]}, values)
    yield outcome


def link_body(record: dict[str, Any], ctx: Context) -> None:
    """Second pass: parents and predecessors may come later in the file."""
    body = Body.objects.get(key=record["key"])
    parent = ctx.get(Body, "key", record.get("parent"), what="parent body")
    predecessor = ctx.get(Body, "key", record.get("predecessor"), what="predecessor body")
    if (body.parent_id, body.predecessor_id) != (
        getattr(parent, "pk", None),
        getattr(predecessor, "pk", None),
    ):
        body.parent, body.predecessor = parent, predecessor
        body.save(update_fields=["parent", "predecessor", "updated_at"])


def load_entity(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "official_name"}, {"kind", "short_name", "aliases"})
    values = {
        "kind": record.get("kind") or "state",
        "official_name": record["official_name"],
        "short_name": record.get("short_name") or record["official_name"],
        "aliases": record.get("aliases") or [],
        **source_fields(record),
    }
    _, outcome = upsert(Entity, {"key": record["key"]}, values)
    yield outcome


def load_person(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "name"}, {"honorific"})
    _, outcome = upsert(
        Person,
        {"key": record["key"]},
        {"name": record["name"], "honorific": text(record, "honorific"), **source_fields(record)},
    )
    yield outcome


def load_document(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"key"},
        {
            "symbol",
            "title",
            "kind",
            "issued",
            "first_distributed",
            "prepared_for",
            "prepared_for_label",
            "original_language",
            "english_only",
            "annex_of",
            "access",
        },
    )
    from governance.domain.symbols import SymbolError, parse_symbol

    symbol = record.get("symbol") or None
    key = record["key"]
    if symbol:
        try:
            parsed = parse_symbol(symbol)
        except SymbolError as error:
            raise RecordError(f"symbol '{symbol}': {error}") from error
        symbol = key = parsed.canonical
    values = {
        "symbol": symbol,
        "title": text(record, "title"),
        "kind": record.get("kind") or "other",
        "issued_on": date_of(record.get("issued"), "issued"),
        "first_distributed_on": date_of(record.get("first_distributed"), "first_distributed"),
        "prepared_for_label": text(record, "prepared_for_label"),
        "original_language": record.get("original_language") or "",
        "english_only": bool(record.get("english_only")),
        "access": record.get("access") or "public",
        **source_fields(record),
    }
    _, outcome = upsert(DocumentReference, {"key": key}, values)
    yield outcome


def link_document(record: dict[str, Any], ctx: Context) -> None:
    document = ctx.document(record.get("symbol") or record["key"])
    annex_of = ctx.document(record["annex_of"]) if record.get("annex_of") else None
    parent = None
    if document.parts:
        from governance.domain.symbols import parse_symbol
        from governance.models import nearest_ancestor

        parent = nearest_ancestor(parse_symbol(document.symbol))
    if (document.annex_of_id, document.parent_id) != (
        getattr(annex_of, "pk", None),
        getattr(parent, "pk", None),
    ):
        document.annex_of, document.parent = annex_of, parent
        document.save(update_fields=["annex_of", "parent", "updated_at"])
    if record.get("prepared_for"):
        from meetings.models import SessionDocument

        session = ctx.get(Session, "key", record["prepared_for"], what="session")
        SessionDocument.objects.get_or_create(
            session=session, document=document, role="prepared_for"
        )


# --- the calendar ---------------------------------------------------------------------


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
    _, outcome = upsert(Session, {"key": record["key"]}, values)
    yield outcome
    if values["report"] is not None:
        from meetings.models import SessionDocument

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
    previous = (
        ScheduleRevision.objects.filter(
            session=session, position__lt=revision.position, conflicts_with__isnull=True
        )
        .exclude(pk=getattr(other, "pk", None))
        .order_by("-position")
        .first()
    )
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
    import zoneinfo

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
    _, outcome = upsert(Meeting, lookup, {k: v for k, v in values.items() if k not in lookup})
    yield outcome


def load_agenda_item(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record, {"session", "label", "title"}, {"parent_label", "kind", "documents", "position"}
    )
    session = ctx.get(Session, "key", record["session"], what="session")
    parent = None
    if record.get("parent_label"):
        parent = AgendaItem.objects.filter(
            session=session, label=str(record["parent_label"]), parent=None
        ).first()
        if parent is None:
            raise RecordError(
                f"parent item '{record['parent_label']}' is not (yet) in the agenda of {session.key}"
            )
    position = record.get("position")
    if position is None:
        position = (
            AgendaItem.objects.filter(session=session)
            .exclude(label=str(record["label"]), parent=parent)
            .count()
            + 1
        )
    values = {
        "title": record["title"],
        "kind": record.get("kind") or "other",
        "position": position,
        **source_fields(record),
    }
    documents = [ctx.document(ref) for ref in record.get("documents") or []]
    _, outcome = upsert(
        AgendaItem,
        {"session": session, "label": str(record["label"]), "parent": parent},
        values,
        {"documents": documents},
    )
    yield outcome


def load_bureau(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record, {"key", "body", "session", "role", "state"}, {"person", "acting", "presiding_note"}
    )
    values = {
        "body": ctx.get(Body, "key", record["body"], what="body"),
        "session": ctx.get(Session, "key", record["session"], what="session"),
        "role": record["role"],
        "person": ctx.get(Person, "key", record.get("person"), what="person"),
        "state": ctx.get(Entity, "key", record["state"], what="state"),
        "is_acting": bool(record.get("acting")),
        "presiding_note": text(record, "presiding_note"),
        **source_fields(record),
    }
    # Bureau rows have no natural key in the data model; the seed key is kept in source_place's sibling.
    lookup = {
        "session": values.pop("session"),
        "role": values.pop("role"),
        "state": values.pop("state"),
        "is_acting": values.pop("is_acting"),
    }
    _, outcome = upsert(BureauMember, lookup, values)
    yield outcome


def load_decision(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"key", "kind"},
        {
            "session",
            "meeting",
            "date",
            "date_precision",
            "title",
            "resolution_number",
            "numeral",
            "documents",
            "recalls",
            "negates",
            "admits",
            "election",
            "notes",
        },
    )
    session = ctx.get(Session, "key", record.get("session"), what="session")
    meeting = None
    if record.get("meeting") and session is not None:
        meeting = Meeting.objects.filter(session=session, number=record["meeting"]).first()
    values = {
        "kind": record["kind"],
        "session": session,
        "meeting": meeting,
        "meeting_number": record.get("meeting"),
        "adopted_on": date_of(record.get("date"), "date"),
        "date_precision": record.get("date_precision") or "day",
        "title": text(record, "title"),
        "resolution_number": record.get("resolution_number"),
        "numeral": text(record, "numeral"),
        "notes": text(record, "notes"),
        **source_fields(record),
    }
    documents = [ctx.document(ref) for ref in record.get("documents") or []]
    decision, outcome = upsert(Decision, {"key": record["key"]}, values, {"documents": documents})
    yield outcome
    election = record.get("election")
    if election:
        _, election_outcome = upsert(
            Election,
            {"decision": decision},
            {
                "office": election.get("office") or "",
                "person": ctx.get(Person, "key", election.get("person"), what="person"),
                "rounds": election.get("rounds"),
                "majority": election.get("majority") or "",
                "term_starts": date_of(election.get("term_starts"), "term_starts"),
            },
        )
        if election_outcome != "unchanged" and outcome == "unchanged":
            yield "updated"


def link_decision(record: dict[str, Any], ctx: Context) -> None:
    decision = Decision.objects.get(key=record["key"])
    for name in ("recalls", "negates"):
        wanted = {
            ctx.get(Decision, "key", ref, what="decision").pk for ref in record.get(name) or []
        }
        manager = getattr(decision, name)
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)


def load_membership(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(
        record,
        {"entity", "status"},
        {"start_earliest", "start_latest", "end", "admitted_by", "note"},
    )
    entity = ctx.get(Entity, "key", record["entity"], what="state or organization")
    values = {
        "start_earliest": date_of(record.get("start_earliest"), "start_earliest"),
        "start_latest": date_of(record.get("start_latest"), "start_latest"),
        "end_on": date_of(record.get("end"), "end"),
        "note": text(record, "note"),
        **source_fields(record),
    }
    membership, outcome = upsert(Membership, {"entity": entity, "status": record["status"]}, values)
    yield outcome
    if record.get("admitted_by"):
        decision = ctx.get(Decision, "key", record["admitted_by"], what="decision")
        Admission.objects.update_or_create(membership=membership, defaults={"decision": decision})


def load_membership_count(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"date"}, {"precision", "members", "observers", "total", "label", "note"})
    values = {
        "precision": record.get("precision") or "day",
        "members": record.get("members"),
        "observers": record.get("observers"),
        "total": record.get("total"),
        "note": text(record, "note"),
        **source_fields(record),
    }
    _, outcome = upsert(
        MembershipFigure,
        {"as_of": date_of(record["date"], "date"), "label": text(record, "label")},
        values,
    )
    yield outcome


def load_theme(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"year", "theme"}, {"body"})
    body = ctx.get(Body, "key", record.get("body") or "idm", what="body")
    _, outcome = upsert(
        AnnualTheme,
        {"body": body, "year": record["year"], "theme": record["theme"]},
        source_fields(record),
    )
    yield outcome


def load_discrepancy(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "description"}, {"quotes"})
    _, outcome = upsert(
        SourceDiscrepancy,
        {"key": record["key"]},
        {"description": record["description"], "quotes": record.get("quotes") or []},
    )
    yield outcome


LOADERS = [
    ("venues.yaml", load_venue),
    ("bodies.yaml", load_body),
    ("entities.yaml", load_entity),
    ("people.yaml", load_person),
    ("documents.yaml", load_document),
    ("sessions.yaml", load_session),
    ("schedule_revisions.yaml", load_revision),
    ("meetings.yaml", load_meeting),
    ("agenda_items.yaml", load_agenda_item),
    ("bureau.yaml", load_bureau),
    ("decisions.yaml", load_decision),
    ("memberships.yaml", load_membership),
    ("membership_counts.yaml", load_membership_count),
    ("idm_themes.yaml", load_theme),
    ("contradictions.yaml", load_discrepancy),
]

# Links that may point forward in their own file are set once every row exists.
SECOND_PASS = [
    ("bodies.yaml", link_body),
    ("documents.yaml", link_document),
    ("schedule_revisions.yaml", link_revision),
    ("decisions.yaml", link_decision),
]
