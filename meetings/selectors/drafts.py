"""A session's agenda and documents as drafts hold them (services/publishing.py), so the draft
page, the CSV export and the import compare like with like."""

from __future__ import annotations

from meetings.models import Session
from meetings.models.proceedings import AGENDA_ITEM_FIELDS


def agenda_as_draft(session: Session) -> list[dict[str, str]]:
    """Each item as {name: text} of AGENDA_ITEM_FIELDS, its parent by its label."""
    items = list(session.agenda_items.order_by("position", "pk"))
    labels = {item.pk: item.label for item in items}
    return [
        {
            name: (labels[item.parent_id] if item.parent_id else "")
            if name == "parent"
            else getattr(item, name)
            for name in AGENDA_ITEM_FIELDS
        }
        for item in items
    ]


def agenda_entry(entry: dict[str, str]) -> dict[str, str]:
    """A draft's item with every field of AGENDA_ITEM_FIELDS (one kept before the French and
    Spanish titles were has none: they are empty)."""
    return {name: str(entry.get(name) or "") for name in AGENDA_ITEM_FIELDS}


def documents_as_draft(session: Session) -> list[dict[str, str]]:
    return [
        {"symbol": link.document.symbol, "role": link.role}
        for link in session.session_documents.select_related("document").order_by("pk")
        if link.document.symbol
    ]
