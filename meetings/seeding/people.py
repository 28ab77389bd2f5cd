"""People (people.yaml): the persons who hold offices and are elected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import Person
from meetings.seeding.fields import Context, check_keys, source_fields, text
from meetings.seeding.upsert import upsert


def load_person(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "name"}, {"honorific"})
    _, outcome = upsert(
        Person,
        {"key": record["key"]},
        {"name": record["name"], "honorific": text(record, "honorific"), **source_fields(record)},
    )
    yield outcome
