"""Bodies (bodies.yaml) with their rules of procedure, and the annual themes of a body
(idm_themes.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.models import AnnualTheme, Body
from meetings.seeding.fields import Context, RecordError, check_keys, date_of, source_fields, text
from meetings.seeding.upsert import upsert

BODY_RULES = {
    "citation",
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
        "rules_citation": rules.get("citation", ""),
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


def load_theme(record: dict[str, Any], ctx: Context) -> Iterator[str]:
    check_keys(record, {"year", "theme"}, {"body"})
    body = ctx.get(Body, "key", record.get("body") or "idm", what="body")
    _, outcome = upsert(
        AnnualTheme,
        {"body": body, "year": record["year"], "theme": record["theme"]},
        source_fields(record),
    )
    yield outcome
