"""What a document's file may be, checked from its bytes: PDF, DOCX or XLSX, within the size
limit, named without path parts, and (for a PDF) readable and not encrypted.

The type is read from the content, never from the name or the type the client declares: a PDF
starts with ``%PDF-``; DOCX and XLSX are ZIP archives (Office Open XML) holding
``[Content_Types].xml`` and a ``word/`` or ``xl/`` part. The standard library's zipfile reads
the archive's directory, which tells a DOCX from an XLSX more surely than the magic-number
libraries (they look at the first bytes, the same for every ZIP), and needs no libmagic.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}
# What a reader is told a file is, beside its size.
LABELS = {
    PDF: pgettext_lazy("file type", "PDF"),
    DOCX: pgettext_lazy("file type", "Word"),
    XLSX: pgettext_lazy("file type", "Excel"),
}
# Types a client may declare that say nothing of the content (a browser's fallback), besides
# the type itself; Windows browsers declare an OOXML file as a ZIP.
VAGUE_TYPES = {"", "application/octet-stream"}
ZIP_TYPES = {"application/zip", "application/x-zip-compressed"}
# "C:", "\\server": a name from Windows with its place in it.
DRIVE = re.compile(r"^[A-Za-z]:")


class FileRefused(ValueError):
    """A file that may not be stored, with the reason for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Inspection:
    """What was learnt of an acceptable file."""

    media_type: str
    sha256: str
    size: int
    # One text per page, for a PDF; None for the other types.
    pages: list[str] | None

    @property
    def page_count(self) -> int | None:
        return None if self.pages is None else len(self.pages)


def check_name(name: str) -> str:
    """The name as given, if it is a bare file name with one of the accepted extensions."""
    check_bare_name(name)
    if extension_of(name) not in EXTENSIONS.values():
        raise FileRefused(
            str(_("Only PDF, DOCX and XLSX files can be stored; %(name)s is none of them."))
            % {"name": name}
        )
    return name


def check_bare_name(name: str) -> None:
    """Refuse a name with a folder, a drive or nothing but dots in it."""
    if (
        not name
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or DRIVE.match(name)
        or name.strip(".") == ""
    ):
        raise FileRefused(
            str(_("The file name must be a name alone, without folders: %(name)s")) % {"name": name}
        )


def check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise FileRefused(str(_("The file is empty.")))
    if size > max_bytes:
        raise FileRefused(
            str(_("The file is %(size)s; files of at most %(limit)s can be stored."))
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def media_type_of(content: IO[bytes]) -> str | None:
    """PDF, DOCX or XLSX as the bytes say, or None for anything else."""
    content.seek(0)
    head = content.read(5)
    content.seek(0)
    if head == b"%PDF-":
        return PDF
    if not zipfile.is_zipfile(content):
        return None
    content.seek(0)
    try:
        with zipfile.ZipFile(content) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    finally:
        content.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def pdf_pages(content: IO[bytes]) -> list[str]:
    """The text of each page of a readable, unencrypted PDF."""
    from pypdf import PdfReader

    content.seek(0)
    try:
        reader = PdfReader(content)
        if reader.is_encrypted:
            raise FileRefused(
                str(_("This PDF is encrypted or password-protected; store it without protection."))
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileRefused:
        raise
    # The parser of an uploaded file: whatever a damaged file makes it raise (its own errors,
    # and KeyError, ValueError, TypeError... from malformed objects) means "unreadable".
    except Exception as error:
        raise FileRefused(str(_("This PDF is damaged and cannot be read."))) from error
    finally:
        content.seek(0)
    if not pages:
        raise FileRefused(str(_("This PDF is damaged and cannot be read.")))
    return pages


def inspect_file(
    *, name: str, content: IO[bytes], size: int, declared_type: str, max_bytes: int
) -> Inspection:
    """Check a file to be stored, and learn its type, digest, size and (PDF) page texts.

    Raises FileRefused with the reason when it may not be stored."""
    check_name(name)
    check_size(size, max_bytes)
    media_type = media_type_of(content)
    if media_type is None:
        raise FileRefused(
            str(_("The content of %(name)s is not a PDF, DOCX or XLSX file.")) % {"name": name}
        )
    if EXTENSIONS[media_type] != extension_of(name) or not declared_fits(declared_type, media_type):
        raise FileRefused(
            str(
                _(
                    "The content of %(name)s is a %(kind)s file, which its name or type does not say."
                )
            )
            % {"name": name, "kind": LABELS[media_type]}
        )
    pages = pdf_pages(content) if media_type == PDF else None
    return Inspection(media_type=media_type, sha256=sha256_of(content), size=size, pages=pages)


def sha256_of(content: IO[bytes]) -> str:
    content.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: content.read(1024 * 1024), b""):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def declared_fits(declared: str, media_type: str) -> bool:
    declared = declared.split(";")[0].strip().lower()
    return (
        declared in VAGUE_TYPES
        or declared == media_type
        or (media_type != PDF and declared in ZIP_TYPES)
    )


def download_name(*, name: str, language: str, media_type: str) -> str:
    """The name a reader saves a file under: the symbol (or key) with its slashes as dashes,
    the language and the type's extension: MC/2216/Corr.1 in French -> MC-2216-Corr.1-fr.pdf."""
    stem = re.sub(r"[\s/\\]+", "-", name.strip()).strip("-.") or "document"
    return f"{stem}-{language}.{EXTENSIONS.get(media_type, 'bin')}"
