"""Agenda items (agenda_items.yaml): the items of a session's agenda and their documents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from meetings.models import AgendaItem, Session
from meetings.seeding.fields import Context, RecordError, check_keys, source_fields
from meetings.seeding.upsert import upsert


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
