"""Services that change documents."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from config.changes import data_changed
from governance.history import note_author
from governance.models import DocumentReference
from governance.services.search_index import document_index


def document_create(*, by: Any = None, **fields: Any) -> DocumentReference:
    """Record a document reference; the symbol is parsed and linked under its original."""
    document = DocumentReference(**fields)
    document.full_clean(exclude=["key"] if document.symbol else None)
    note_author(document, by)
    with transaction.atomic():
        document.save()
        document_index(document=document)
        data_changed()
    return document
