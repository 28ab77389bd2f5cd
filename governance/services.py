"""Services that change the standing structure."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from governance.models import DocumentReference


def document_create(**fields: Any) -> DocumentReference:
    """Record a document reference; the symbol is parsed and linked under its original."""
    document = DocumentReference(**fields)
    document.full_clean(exclude=["key"] if document.symbol else None)
    with transaction.atomic():
        document.save()
    return document
