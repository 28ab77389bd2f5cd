"""Records made public (or hidden) through the services that write them, so the search index
follows as in production (the alerts' tests search the real index)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from governance.models import DocumentReference, DocumentVersion
from governance.services import document_create
from governance.services.search_index import document_index


def publish_document(*, languages: tuple[str, ...] = (), **fields: Any) -> DocumentReference:
    """A document (public unless the fields say otherwise), with these language versions."""
    fields.setdefault("kind", "report")
    fields.setdefault("issued_on", dt.date(2031, 1, 10))
    document = document_create(**fields)
    if languages:
        # As the admin's inline does: the versions saved, the document indexed again.
        DocumentVersion.objects.bulk_create(
            DocumentVersion(document=document, language=language) for language in languages
        )
        document_index(document=document)
    return document


def restrict_document(document: DocumentReference, access: str = "restricted") -> None:
    """Change who may read it (as the admin's save does), and index it again."""
    document.access = access
    document.save()
    document_index(document=document)
