"""Decisions (decisions.yaml): resolutions, elections, what a decision recalls or negates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import Person
from meetings.models import Decision, Election, Meeting, Session
from meetings.seeding.fields import Context, check_keys, date_of, source_fields, text
from meetings.seeding.upsert import upsert


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
