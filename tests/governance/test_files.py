"""A document's language version holds one file, checked from its content: good PDFs, DOCX
and XLSX files are stored with their digest, size, type and (PDF) page texts; a bad file is
refused with its reason, and nothing is stored."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.db import transaction

from governance.domain.files import DOCX, PDF, XLSX, FileRefused, inspect_file
from governance.models import DocumentFile, DocumentPage, DocumentVersion
from governance.services import document_file_attach, document_file_remove
from tests.factories import DocumentFactory
from tests.factories.files import (
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version() -> DocumentVersion:
    document = DocumentFactory.create(symbol="MC/2216/Corr.1")
    return DocumentVersion.objects.create(document=document, language="fr")


def stored_names(store) -> list[str]:
    """Every file in the store, by its name there."""
    root = Path(store.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_pdf_is_stored_with_its_digest_size_pages_and_text(version, document_store, editor):
    content = pdf_bytes("Budget revision of 2009", "Terms of reference")
    record = document_file_attach(version=version, upload=upload("mc-2216.pdf", content), by=editor)
    record.refresh_from_db()
    assert (record.sha256, record.size, record.media_type, record.page_count) == (
        hashlib.sha256(content).hexdigest(),
        len(content),
        PDF,
        2,
    )
    assert (record.original_name, record.uploaded_by) == ("mc-2216.pdf", editor)
    assert list(
        DocumentPage.objects.filter(file__version__document=version.document).values_list(
            "number", "text"
        )
    ) == [(1, "Budget revision of 2009"), (2, "Terms of reference")]
    with record.file.open("rb") as stored:
        assert stored.read() == content
    assert stored_names(document_store) == [record.file.name]


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [("budget.docx", docx_bytes(), DOCX), ("figures.xlsx", xlsx_bytes(), XLSX)],
)
def test_docx_and_xlsx_files_are_stored_without_pages(version, name, content, media_type):
    record = document_file_attach(version=version, upload=upload(name, content))
    assert (record.media_type, record.size, record.page_count, record.sha256) == (
        media_type,
        len(content),
        None,
        hashlib.sha256(content).hexdigest(),
    )
    assert record.pages.count() == 0


def test_a_new_file_replaces_the_old_one_and_its_stored_bytes(
    version, document_store, django_capture_on_commit_callbacks
):
    first = document_file_attach(version=version, upload=upload("a.pdf", pdf_bytes("Old text")))
    old_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = document_file_attach(version=version, upload=upload("b.xlsx", xlsx_bytes()))
    assert (second.pk, second.media_type, second.pages.count()) == (first.pk, XLSX, 0)
    assert stored_names(document_store) == [second.file.name]
    assert not document_store.exists(old_name)


def test_removing_a_file_removes_its_row_pages_and_stored_bytes(
    version, document_store, django_capture_on_commit_callbacks
):
    document_file_attach(version=version, upload=upload("a.pdf", pdf_bytes("Text")))
    with django_capture_on_commit_callbacks(execute=True):
        document_file_remove(version=version)
    assert (DocumentFile.objects.count(), DocumentPage.objects.count()) == (0, 0)
    assert stored_names(document_store) == []


def test_a_failed_transaction_leaves_no_new_file_in_the_store(version, document_store):
    with pytest.raises(RuntimeError), transaction.atomic():
        record = document_file_attach(version=version, upload=upload("a.pdf", pdf_bytes("x")))
        DocumentPage.objects.filter(file=record).update(number=1)
        # A failure in the service's own transaction is cleaned up by the service; one after it
        # (here) rolls the rows back, and the stored file is what a later check finds orphaned.
        raise RuntimeError
    assert DocumentFile.objects.count() == 0


BAD_FILES = [
    (
        "encrypted.pdf",
        encrypted_pdf_bytes(),
        "",
        "This PDF is encrypted or password-protected; store it without protection.",
    ),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<", "", "This PDF is damaged and cannot be read."),
    (
        "truncated.pdf",
        pdf_bytes("Cut short")[:180],
        "",
        "This PDF is damaged and cannot be read.",
    ),
    (
        "report.docx",
        pdf_bytes("A PDF named as a DOCX"),
        "",
        "The content of report.docx is a PDF file, which its name or type does not say.",
    ),
    (
        "report.pdf",
        docx_bytes(),
        "",
        "The content of report.pdf is a Word file, which its name or type does not say.",
    ),
    (
        "report.pdf",
        pdf_bytes("Declared as a spreadsheet"),
        XLSX,
        "The content of report.pdf is a PDF file, which its name or type does not say.",
    ),
    (
        "notes.pdf",
        b"plain text, not a PDF",
        "",
        "The content of notes.pdf is not a PDF, DOCX or XLSX file.",
    ),
    (
        "archive.docx",
        b"PK\x03\x04 not really a zip",
        "",
        "The content of archive.docx is not a PDF, DOCX or XLSX file.",
    ),
    (
        "notes.txt",
        b"plain text",
        "text/plain",
        "Only PDF, DOCX and XLSX files can be stored; notes.txt is none of them.",
    ),
    ("empty.pdf", b"", "", "The file is empty."),
]
PATH_NAMES = ["../x.pdf", "a/b.pdf", "C:\\x.pdf", "C:x.pdf", "\\\\server\\x.pdf", "..", "/x.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "declared", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_stored(
    version, document_store, name, content, declared, message
):
    with pytest.raises(FileRefused) as refused:
        document_file_attach(version=version, upload=upload(name, content, declared))
    assert refused.value.message == message
    assert (DocumentFile.objects.count(), DocumentPage.objects.count()) == (0, 0)
    assert stored_names(document_store) == []


@pytest.mark.parametrize("name", PATH_NAMES)
def test_a_name_with_path_parts_is_refused(name):
    content = pdf_bytes("Fine content")
    with pytest.raises(FileRefused) as refused:
        inspect_file(
            name=name,
            content=io.BytesIO(content),
            size=len(content),
            declared_type="",
            max_bytes=10**6,
        )
    assert refused.value.message == (f"The file name must be a name alone, without folders: {name}")


def test_a_file_over_the_limit_is_refused(version, settings, document_store):
    content = pdf_bytes("A long report")
    settings.DOCUMENT_FILE_MAX_BYTES = len(content) - 1
    with pytest.raises(FileRefused) as refused:
        document_file_attach(version=version, upload=upload("long.pdf", content))
    assert refused.value.message == (
        f"The file is {len(content)}\xa0bytes; files of at most {len(content) - 1}\xa0bytes can be stored."
    )
    assert stored_names(document_store) == []
    settings.DOCUMENT_FILE_MAX_BYTES = len(content)
    assert document_file_attach(version=version, upload=upload("long.pdf", content)).size == len(
        content
    )


def test_the_reasons_are_given_in_french_and_spanish(version):
    from django.utils import translation

    found = {}
    for language in ("fr", "es"):
        with translation.override(language), pytest.raises(FileRefused) as refused:
            document_file_attach(version=version, upload=upload("empty.pdf", b""))
        found[language] = refused.value.message
    assert found == {"fr": "Le fichier est vide.", "es": "El archivo está vacío."}


def admin_post(client, version, **row):
    """The document's change form as the editor's browser posts it, with one language version."""
    from tests.security.test_permission_matrix import form_payload

    url = f"/admin/governance/documentreference/{version.document.pk}/change/"
    data = form_payload(client.get(url))
    data.update(
        {
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-0-id": str(version.pk),
            "versions-0-document": str(version.document.pk),
            "versions-0-language": version.language,
            "versions-0-url": "",
            "versions-0-is_available": "on",
            "versions-0-note": "",
            **row,
        }
    )
    return client.post(url, data)


def test_an_editor_uploads_a_file_on_the_documents_admin_page(client, editor, version):
    client.force_login(editor)
    content = pdf_bytes("Uploaded in the admin")
    response = admin_post(client, version, **{"versions-0-upload": upload("admin.pdf", content)})
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    record = DocumentFile.objects.get()
    assert (record.version, record.sha256, record.uploaded_by) == (
        version,
        hashlib.sha256(content).hexdigest(),
        editor,
    )
    page = client.get(f"/admin/governance/documentreference/{version.document.pk}/change/")
    assert f"admin.pdf (PDF, {len(content)}\xa0bytes)" in page.content.decode()
    assert b'enctype="multipart/form-data"' in page.content
    removed = admin_post(client, version, **{"versions-0-remove_file": "on"})
    assert (removed.status_code, DocumentFile.objects.count()) == (302, 0)


def test_a_bad_file_in_the_admin_is_shown_on_its_row_and_nothing_is_stored(
    client, editor, version, document_store
):
    client.force_login(editor)
    response = admin_post(
        client, version, **{"versions-0-upload": upload("fake.pdf", b"not a pdf at all")}
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [
        {"upload": ["The content of fake.pdf is not a PDF, DOCX or XLSX file."]}
    ]
    assert DocumentFile.objects.count() == 0
    assert stored_names(document_store) == []


def test_deleting_a_version_in_the_admin_removes_its_stored_file(
    client, editor, version, document_store, django_capture_on_commit_callbacks
):
    document_file_attach(version=version, upload=upload("a.pdf", pdf_bytes("To go")))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_post(client, version, **{"versions-0-DELETE": "on"})
    assert response.status_code == 302
    assert (DocumentVersion.objects.count(), DocumentFile.objects.count()) == (0, 0)
    assert stored_names(document_store) == []


def test_pruning_deletes_only_old_files_no_version_names(version, document_store):
    import os
    import time

    from django.core.management import call_command

    kept = document_file_attach(version=version, upload=upload("kept.pdf", pdf_bytes("Kept")))
    orphan = document_store.save("documents/1/orphan.pdf", io.BytesIO(b"%PDF-left"))
    young = document_store.save("documents/1/young.pdf", io.BytesIO(b"%PDF-young"))
    day_ago = time.time() - 2 * 24 * 3600
    for name in (orphan, kept.file.name):
        os.utime(document_store.path(name), (day_ago, day_ago))
    out = io.StringIO()
    call_command("prune_document_files", stdout=out)
    assert out.getvalue() == "Deleted 1 stored files no version names.\n"
    assert stored_names(document_store) == sorted([kept.file.name, young])
