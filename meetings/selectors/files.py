"""The documents' files a reader may fetch: one language version's file, and a session's
package; by the rules of the document pages (DocumentQuerySet.public), each in one query."""

from __future__ import annotations

from django.db.models import QuerySet

from governance.models import DocumentFile, DocumentReference
from meetings.models import Session
from meetings.selectors.pages import public_documents


def document_file(*, key: str, language: str, everything: bool) -> DocumentFile | None:
    """The file of the document ``key`` in ``language``, if the reader may see the document:
    any document for the secretariat (``everything``), a public one for everyone else."""
    documents = DocumentReference.objects.all() if everything else public_documents()
    return (
        DocumentFile.objects.select_related("version__document")
        .filter(version__document__in=documents.filter(key=key), version__language=language)
        .first()
    )


def session_package(*, key: str, language: str) -> tuple[Session, list[DocumentFile]] | None:
    """A published session and the files in ``language`` of its public documents (those its
    page lists), in the page's order; None for a session anonymous readers may not see."""
    session = Session.objects.public().select_related("body").filter(key=key).first()
    if session is None:
        return None
    files: QuerySet[DocumentFile] = (
        DocumentFile.objects.select_related("version__document")
        .filter(
            version__language=language,
            version__document__in=public_documents().filter(session_links__session=session),
        )
        .order_by("version__document__series", "version__document__key")
    )
    return session, list(files)
