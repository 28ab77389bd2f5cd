"""Checks of a delegation's letter (credentials, note verbale, nomination): a PDF or a scanned
image by its content, within the registration's size limit, readable and unencrypted."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from governance.domain.files import (
    PDF,
    FileRefused,
    Inspection,
    check_bare_name,
    check_size,
    extension_of,
    pdf_pages,
    sha256_of,
)

PNG = "image/png"
JPEG = "image/jpeg"
LETTER_EXTENSIONS = {PDF: {"pdf"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}}
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))


def letter_type_of(content: IO[bytes]) -> str | None:
    """PDF, PNG or JPEG as the bytes say, or None."""
    content.seek(0)
    head = content.read(8)
    content.seek(0)
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def inspect_letter(*, name: str, content: IO[bytes], size: int, max_bytes: int) -> Inspection:
    """Raises FileRefused with the reason when the letter may not be stored."""
    check_bare_name(name)
    check_size(size, max_bytes)
    media_type = letter_type_of(content)
    if media_type is None:
        raise FileRefused(
            _("The content of %(name)s is not a PDF or an image (PNG, JPEG).") % {"name": name}
        )
    if extension_of(name) not in LETTER_EXTENSIONS[media_type]:
        raise FileRefused(_("The content of %(name)s is not what its name says.") % {"name": name})
    pages = pdf_pages(content) if media_type == PDF else None
    return Inspection(media_type=media_type, sha256=sha256_of(content), size=size, pages=pages)
