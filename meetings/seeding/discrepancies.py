"""Discrepancies between the source texts (contradictions.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import SourceDiscrepancy
from meetings.seeding.fields import Context, check_keys
from meetings.seeding.upsert import upsert


def load_discrepancy(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "description"}, {"quotes"})
    _, outcome = upsert(
        SourceDiscrepancy,
        {"key": record["key"]},
        {"description": record["description"], "quotes": record.get("quotes") or []},
    )
    yield outcome
