"""Editors store a language version's file through the API (multipart); everyone else is
refused, and a bad file gets a 400 with its reason and stores nothing."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance.models import DocumentFile, DocumentVersion
from governance.services import document_file_attach
from tests.factories import DocumentFactory
from tests.factories.files import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents/MC/2216/Corr.1/versions/fr/file/"
CONTENT = pdf_bytes("Rectificatif", "Deuxième page")


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def document(document_store):
    return DocumentFactory.create(symbol="MC/2216/Corr.1")


def stored_files(store) -> int:
    from pathlib import Path

    return sum(1 for p in Path(store.location).rglob("*") if p.is_file())


def test_an_editor_uploads_a_file_and_gets_what_was_stored(editor_api, document, editor):
    response = editor_api.post(
        URL, {"file": upload("rectificatif.pdf", CONTENT)}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "language": "fr",
        "url": "http://testserver/documents/MC/2216/Corr.1/fr/file",
        "media_type": "application/pdf",
        "size": len(CONTENT),
        "sha256": hashlib.sha256(CONTENT).hexdigest(),
        "page_count": 2,
        "original_name": "rectificatif.pdf",
        "uploaded_at": response.json()["uploaded_at"],
    }
    record = DocumentFile.objects.get()
    assert (record.version.document, record.version.language, record.uploaded_by) == (
        document,
        "fr",
        editor,
    )
    served = APIClient().get("/documents/MC/2216/Corr.1/fr/file")
    assert b"".join(served.streaming_content) == CONTENT


def test_a_second_upload_replaces_the_first_and_delete_removes_it(editor_api, document):
    editor_api.post(URL, {"file": upload("a.pdf", CONTENT)}, format="multipart")
    replaced = editor_api.post(URL, {"file": upload("b.docx", docx_bytes())}, format="multipart")
    assert (replaced.status_code, replaced.json()["media_type"]) == (
        201,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert DocumentFile.objects.count() == 1
    assert editor_api.delete(URL).status_code == 204
    assert DocumentFile.objects.count() == 0
    assert editor_api.delete(URL).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"not a pdf", "The content of notes.pdf is not a PDF, DOCX or XLSX file."),
        (
            "report.docx",
            CONTENT,
            "The content of report.docx is a PDF file, which its name or type does not say.",
        ),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj", "This PDF is damaged and cannot be read."),
    ],
)
def test_a_bad_file_gets_400_with_its_reason_and_stores_nothing(
    editor_api, document, document_store, name, content, message
):
    response = editor_api.post(URL, {"file": upload(name, content)}, format="multipart")
    assert (response.status_code, response.json()) == (400, {"file": [message]})
    assert (DocumentFile.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert stored_files(document_store) == 0


def test_the_reason_comes_in_the_clients_language(editor_api, document):
    response = editor_api.post(
        URL, {"file": upload("vide.pdf", b"")}, format="multipart", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert response.json()["file"] != ["The file is empty."]


def test_a_request_without_a_file_or_for_another_language_is_refused(editor_api, document):
    assert editor_api.post(URL, {}, format="multipart").json() == {
        "file": ["No file was submitted."]
    }
    other = URL.replace("/fr/", "/de/")
    assert editor_api.post(other, {"file": upload("a.pdf", CONTENT)}).status_code == 404


def test_viewers_and_anonymous_clients_may_not_upload(viewer, document):
    anonymous = APIClient().post(URL, {"file": upload("a.pdf", CONTENT)}, format="multipart")
    client = APIClient()
    client.force_login(viewer)
    refused = client.post(URL, {"file": upload("a.pdf", CONTENT)}, format="multipart")
    assert (anonymous.status_code, refused.status_code) == (401, 403)
    assert DocumentFile.objects.count() == 0


def test_the_upload_is_in_the_openapi_description(editor_api):
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/documents/{key}/versions/{language}/file/"]
    assert sorted(operations) == ["delete", "post"]
    assert list(operations["post"]["requestBody"]["content"]) == ["multipart/form-data"]
    assert sorted(operations["post"]["responses"]) == [
        "201",
        "400",
        "401",
        "403",
        "404",
        "415",
        "503",
    ]


def test_a_documents_versions_name_their_files_for_readers(editor_api, document):
    DocumentVersion.objects.create(document=document, language="en", url="https://example.org/e")
    editor_api.post(URL, {"file": upload("rectificatif.pdf", CONTENT)}, format="multipart")
    versions = APIClient().get("/api/v1/documents/MC/2216/Corr.1/").json()["versions"]
    assert versions == [
        {
            "language": "en",
            "url": "https://example.org/e",
            "is_available": True,
            "note": "",
            "file": None,
        },
        {
            "language": "fr",
            "url": "",
            "is_available": True,
            "note": "",
            "file": {
                "url": "http://testserver/documents/MC/2216/Corr.1/fr/file",
                "media_type": "application/pdf",
                "size": len(CONTENT),
                "sha256": hashlib.sha256(CONTENT).hexdigest(),
                "page_count": 2,
            },
        },
    ]


@pytest.mark.parametrize("size", [1, 6])
def test_the_document_list_costs_the_same_queries_with_files(
    document_store, django_assert_num_queries, size
):
    for n in range(size):
        document = DocumentFactory.create(symbol=f"MC/27{n:02d}")
        version = DocumentVersion.objects.create(document=document, language="fr")
        document_file_attach(version=version, upload=upload("f.pdf", CONTENT))
    client = APIClient()
    with django_assert_num_queries(3):  # the count, the page, the versions with their files
        listed = client.get("/api/v1/documents/").json()
    assert [d["versions"][0]["file"]["size"] for d in listed["results"]] == [len(CONTENT)] * size
