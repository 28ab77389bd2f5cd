"""The bureau (bureau.yaml): the states and persons holding a session's offices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import Body, Entity, Person
from meetings.models import BureauMember, Session
from meetings.seeding.fields import Context, check_keys, source_fields, text
from meetings.seeding.upsert import upsert


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
