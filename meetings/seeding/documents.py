"""Document references (documents.yaml): symbols parsed to their canonical form, annexes,
the parent of a corrigendum or revision, the session a document was prepared for or that
refers to it, and for a document that is not the organization's own, who issued it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.domain.symbols import SymbolError, parse_symbol
from governance.models import DocumentReference
from governance.models.documents import nearest_ancestor
from meetings.models import Session, SessionDocument
from meetings.seeding.fields import Context, RecordError, check_keys, date_of, source_fields, text
from meetings.seeding.upsert import upsert


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
            "issued_by",
            "referred_to",
        },
    )

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
        "issued_by": text(record, "issued_by"),
        **source_fields(record),
    }
    _, outcome = upsert(DocumentReference, {"key": key}, values)
    yield outcome


def link_document(record: dict[str, Any], ctx: Context) -> None:
    document = ctx.document(record.get("symbol") or record["key"])
    annex_of = ctx.document(record["annex_of"]) if record.get("annex_of") else None
    parent = None
    if document.parts:
        parent = nearest_ancestor(parse_symbol(document.symbol or ""))
    if (document.annex_of_id, document.parent_id) != (
        getattr(annex_of, "pk", None),
        getattr(parent, "pk", None),
    ):
        document.annex_of, document.parent = annex_of, parent
        document.save(update_fields=["annex_of", "parent", "updated_at"])
    if record.get("prepared_for"):
        session = ctx.get(Session, "key", record["prepared_for"], what="session")
        SessionDocument.objects.get_or_create(
            session=session, document=document, role="prepared_for"
        )
    # A declaration adopted at a meeting, say: the session refers to it (the texts say so).
    for key in record.get("referred_to") or []:
        session = ctx.get(Session, "key", key, what="session")
        SessionDocument.objects.get_or_create(session=session, document=document, role="reference")
