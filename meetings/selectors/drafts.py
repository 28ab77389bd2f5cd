"""A session's agenda and documents as drafts hold them (services/publishing.py), so the draft
page, the CSV export and the import compare like with like."""

from __future__ import annotations

from meetings.models import Session


def agenda_as_draft(session: Session) -> list[dict[str, str]]:
    items = list(session.agenda_items.order_by("position", "pk"))
    labels = {item.pk: item.label for item in items}
    return [
        {
            "label": item.label,
            "title": item.title,
            "kind": item.kind,
            "parent": labels[item.parent_id] if item.parent_id else "",
        }
        for item in items
    ]


def documents_as_draft(session: Session) -> list[dict[str, str]]:
    return [
        {"symbol": link.document.symbol, "role": link.role}
        for link in session.session_documents.select_related("document").order_by("pk")
        if link.document.symbol
    ]
