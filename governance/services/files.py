"""Storing, replacing and removing the file of a document's language version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from config.changes import data_changed
from governance.domain.files import EXTENSIONS, inspect_file
from governance.models import DocumentFile, DocumentPage, DocumentVersion
from governance.services.search_index import document_index


def document_file_attach(*, version: DocumentVersion, upload: File, by: Any = None) -> DocumentFile:
    """Store ``upload`` as the file of ``version`` (saved first if it is new), in place of any
    earlier one.

    The file is checked from its content first (governance.domain.files.inspect_file raises
    FileRefused with the reason): then nothing is stored and no row is written. A PDF's text is
    kept page by page. The replaced file leaves the store once the new one is committed; if the
    transaction fails, the new one is removed from the store again."""
    inspection = inspect_file(
        name=upload.name or "",
        content=cast(IO[bytes], upload),
        size=upload.size,
        declared_type=getattr(upload, "content_type", "") or "",
        max_bytes=settings.DOCUMENT_FILE_MAX_BYTES,
    )
    with transaction.atomic():
        if version.pk is None:  # a language the document had no version in yet
            version.full_clean(exclude=["document"])
            version.save()
        record = DocumentFile.objects.select_for_update().filter(
            version=version
        ).first() or DocumentFile(version=version)
        replaced = record.file.name if record.pk else None
        record.sha256 = inspection.sha256
        record.size = inspection.size
        record.media_type = inspection.media_type
        record.page_count = inspection.page_count
        record.original_name = upload.name or ""
        record.uploaded_by = by if getattr(by, "pk", None) else None
        name = f"file.{EXTENSIONS[inspection.media_type]}"
        storage = record.file.storage
        record.file.save(name, upload, save=False)
        stored = record.file.name
        try:
            record.save()
            record.pages.all().delete()
            DocumentPage.objects.bulk_create(
                DocumentPage(file=record, number=number, text=text)
                for number, text in enumerate(inspection.pages or [], start=1)
            )
            # The pages' text is searched (with its page numbers).
            document_index(document=version.document)
            data_changed()
        except BaseException:
            storage.delete(stored)
            raise
        if replaced:
            transaction.on_commit(lambda: storage.delete(replaced))
    return record


def document_file_remove(*, version: DocumentVersion) -> None:
    """Remove the file of ``version`` (its row, its page texts, and on commit the stored file)."""
    with transaction.atomic():
        record = DocumentFile.objects.select_for_update().filter(version=version).first()
        if record is None:
            return
        storage, stored = record.file.storage, record.file.name
        record.delete()
        document_index(document=version.document)
        data_changed()
        transaction.on_commit(lambda: storage.delete(stored))


def document_files_prune(*, older_than: dt.timedelta) -> list[str]:
    """Delete the stored files no DocumentFile names, stored more than ``older_than`` ago (a
    younger one may be an upload whose transaction has not committed yet); their names.

    Files are left behind when the transaction around a service rolls back after the file was
    stored, or when rows are deleted past the services (a document deleted with its versions)."""
    storage = DocumentFile._meta.get_field("file").storage
    named = set(DocumentFile.objects.values_list("file", flat=True))
    before = timezone.now() - older_than
    removed = []
    for name in stored_files(storage, "documents"):
        if name not in named and storage.get_modified_time(name) < before:
            storage.delete(name)
            removed.append(name)
    return removed


def stored_files(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}")
