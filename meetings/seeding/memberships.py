"""The membership: states and organizations (entities.yaml), their memberships
(memberships.yaml) and the reported figures (membership_counts.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import Entity, Membership, MembershipFigure
from meetings.models import Admission, Decision
from meetings.seeding.fields import Context, check_keys, date_of, source_fields, text
from meetings.seeding.upsert import upsert


def load_entity(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"key", "official_name"}, {"kind", "short_name", "aliases", "country"})
    values = {
        "kind": record.get("kind") or "state",
        "official_name": record["official_name"],
        "short_name": record.get("short_name") or record["official_name"],
        "aliases": record.get("aliases") or [],
        "country_code": record.get("country", ""),
        **source_fields(record),
    }
    _, outcome = upsert(Entity, {"key": record["key"]}, values)
    yield outcome


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
