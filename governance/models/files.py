"""The file a document's language version holds, and the text of its pages (PDFs)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.domain.files import LABELS
from governance.models.documents import DocumentVersion


def documents_storage() -> Storage:
    """The store named "documents" in STORAGES (config/storage.py)."""
    return storages["documents"]


def stored_name(instance: DocumentFile, filename: str) -> str:
    """A name of the store's own, never shown: a new one for each upload, so that a replaced
    file can be deleted after the new one is committed."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.version.document_id}/{uuid.uuid4().hex}.{extension}"


class DocumentFile(models.Model):
    """The file of one language version: what was stored, checked from its content."""

    version = models.OneToOneField(
        DocumentVersion,
        verbose_name=_("language version"),
        on_delete=models.CASCADE,
        related_name="file",
    )
    file = models.FileField(
        _("file"), storage=documents_storage, upload_to=stored_name, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    media_type = models.CharField(_("media type"), max_length=100)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    original_name = models.CharField(_("name as uploaded"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self) -> str:
        return f"{self.version} {self.original_name}"

    @property
    def kind_label(self) -> str:
        """PDF, Word, Excel: what a reader is told the file is."""
        return str(LABELS.get(self.media_type, self.media_type))


class DocumentPage(models.Model):
    """The text of one page of a PDF, as extracted when it was stored (the search reads it)."""

    file = models.ForeignKey(
        DocumentFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        ordering = ["file", "number"]
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="one_text_per_page"),
        ]

    def __str__(self) -> str:
        return f"{self.file.version} p. {self.number}"
