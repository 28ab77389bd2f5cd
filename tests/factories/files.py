"""Small real files for the document-file tests: PDFs with text on their pages (written by
hand: pypdf reads text but does not lay it out), and minimal DOCX and XLSX archives."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from governance.domain.files import DOCX, PDF, XLSX


def pdf_bytes(*pages: str) -> bytes:
    """A valid PDF with one page per text (ASCII), each drawn in Helvetica."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # the page tree is filled below
    font = 3 + 2 * len(pages)
    kids = []
    for index, text in enumerate(pages):
        page, stream = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = f"BT /F1 12 Tf 72 760 Td ({escaped}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Secret"))))
    writer.encrypt("password", algorithm="RC4-128")  # RC4 needs no cryptography package
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ooxml_bytes(part: str) -> bytes:
    """A minimal Office Open XML archive: "word" for a DOCX, "xl" for an XLSX."""
    out = io.BytesIO()
    main = "document.xml" if part == "word" else "workbook.xml"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
        f"{part}/{main}": '<?xml version="1.0"?><root/>',
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # A fixed time, so that the same call gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2009, 5, 11, 9, 0, 0))
            archive.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_bytes() -> bytes:
    return ooxml_bytes("word")


def xlsx_bytes() -> bytes:
    return ooxml_bytes("xl")


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    """An uploaded file as Django's request parser gives it to a view."""
    types = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}
    declared = content_type or types.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return SimpleUploadedFile(name, content, content_type=declared)
