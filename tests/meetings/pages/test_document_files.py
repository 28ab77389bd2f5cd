"""A document's files served to readers: with its symbol and language as the file name, an ETag
and 304s, single byte ranges (206, 416), by the document pages' access rules, and a session's
public documents in one language as a streamed ZIP."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from governance.models import DocumentVersion
from governance.services import document_file_attach
from meetings.models import SessionDocument
from tests.factories import DocumentFactory, SessionFactory
from tests.factories.files import docx_bytes, pdf_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

CORRIGENDUM = pdf_bytes("Corrigendum to the budget", "Second page")


def with_file(document, language: str, name: str, content: bytes):
    version = DocumentVersion.objects.create(document=document, language=language)
    return document_file_attach(version=version, upload=upload(name, content))


@pytest.fixture
def corrigendum(document_store):
    document = DocumentFactory.create(symbol="MC/2216/Corr.1", title="Corrigendum")
    with_file(document, "fr", "corr.pdf", CORRIGENDUM)
    return document


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_file_is_served_with_its_symbol_language_type_and_etag(client, corrigendum):
    response = client.get("/documents/MC/2216/Corr.1/fr/file")
    assert response.status_code == 200
    assert body(response) == CORRIGENDUM
    assert {
        name: response[name]
        for name in (
            "Content-Type",
            "Content-Length",
            "Content-Disposition",
            "ETag",
            "Accept-Ranges",
        )
    } == {
        "Content-Type": "application/pdf",
        "Content-Length": str(len(CORRIGENDUM)),
        "Content-Disposition": 'inline; filename="MC-2216-Corr.1-fr.pdf"',
        "ETag": f'"{hashlib.sha256(CORRIGENDUM).hexdigest()}"',
        "Accept-Ranges": "bytes",
    }
    assert response["Cache-Control"] == "public, max-age=300, must-revalidate"


def test_an_office_file_is_a_download_and_a_name_outside_ascii_is_given_as_filename_star(
    client, document_store
):
    document = DocumentFactory.create(symbol=None, key="note-año", title="Nota")
    with_file(document, "es", "nota.docx", docx_bytes())
    response = client.get("/documents/note-año/es/file")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''note-a%C3%B1o-es.docx"


def test_the_etag_answers_a_conditional_get_with_304(client, corrigendum):
    etag = client.get("/documents/MC/2216/Corr.1/fr/file")["ETag"]
    again = client.get("/documents/MC/2216/Corr.1/fr/file", HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, body(again), again["ETag"]) == (304, b"", etag)
    other = client.get("/documents/MC/2216/Corr.1/fr/file", HTTP_IF_NONE_MATCH='"other"')
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=10-", 10, len(CORRIGENDUM) - 1),
        ("bytes=-7", len(CORRIGENDUM) - 7, len(CORRIGENDUM) - 1),
        ("bytes=5-999999", 5, len(CORRIGENDUM) - 1),
    ],
)
def test_a_range_gets_206_with_exactly_those_bytes(client, corrigendum, header, first, last):
    response = client.get("/documents/MC/2216/Corr.1/fr/file", HTTP_RANGE=header)
    assert response.status_code == 206
    assert body(response) == CORRIGENDUM[first : last + 1]
    assert (response["Content-Range"], response["Content-Length"]) == (
        f"bytes {first}-{last}/{len(CORRIGENDUM)}",
        str(last - first + 1),
    )


def test_a_range_past_the_end_gets_416_and_the_size(client, corrigendum):
    response = client.get(
        "/documents/MC/2216/Corr.1/fr/file", HTTP_RANGE=f"bytes={len(CORRIGENDUM)}-"
    )
    assert (response.status_code, response["Content-Range"]) == (
        416,
        f"bytes */{len(CORRIGENDUM)}",
    )


@pytest.mark.parametrize("header", ["bytes=0-1,4-5", "bytes=9-3", "items=0-1", "bytes=x-"])
def test_a_range_not_understood_gets_the_whole_file(client, corrigendum, header):
    response = client.get("/documents/MC/2216/Corr.1/fr/file", HTTP_RANGE=header)
    assert (response.status_code, body(response)) == (200, CORRIGENDUM)


def test_if_range_of_another_file_gets_the_whole_new_one(client, corrigendum):
    response = client.get(
        "/documents/MC/2216/Corr.1/fr/file", HTTP_RANGE="bytes=0-3", HTTP_IF_RANGE='"old"'
    )
    assert (response.status_code, body(response)) == (200, CORRIGENDUM)


@pytest.mark.parametrize(
    "fields", [{"access": "restricted"}, {"is_published": False}], ids=["restricted", "unpublished"]
)
def test_a_hidden_documents_file_is_404_for_readers_and_200_for_the_secretariat(
    client, document_store, viewer, fields
):
    document = DocumentFactory.create(symbol="MC/2300", **fields)
    with_file(document, "en", "hidden.pdf", CORRIGENDUM)
    hidden, absent = (
        client.get("/documents/MC/2300/en/file"),
        client.get("/documents/MC/2399/en/file"),
    )
    assert (hidden.status_code, hidden.content) == (
        absent.status_code,
        absent.content.replace(b"MC/2399", b"MC/2300"),
    )
    assert hidden.status_code == 404
    client.force_login(viewer)
    response = client.get("/documents/MC/2300/en/file")
    assert (response.status_code, body(response)) == (200, CORRIGENDUM)
    assert response["Cache-Control"] == "private, no-cache, max-age=0"


def test_a_language_without_a_file_and_an_unknown_language_are_404(client, corrigendum):
    assert client.get("/documents/MC/2216/Corr.1/en/file").status_code == 404
    assert client.get("/documents/MC/2216/Corr.1/de/file").status_code == 404


@pytest.mark.parametrize("size", [1, 8])
def test_serving_a_file_costs_one_query_whatever_the_data(
    client, document_store, django_assert_num_queries, size
):
    for n in range(size):
        document = DocumentFactory.create(symbol=f"MC/25{n:02d}")
        for language in ("en", "fr", "es"):
            with_file(document, language, "f.pdf", CORRIGENDUM)
    with django_assert_num_queries(1):
        response = client.get("/documents/MC/2500/fr/file")
        assert body(response) == CORRIGENDUM
    with django_assert_num_queries(1):
        assert client.get("/documents/MC/2500/fr/file", HTTP_RANGE="bytes=0-3").status_code == 206


def test_the_document_page_links_each_file_with_its_type_size_and_pages(client, corrigendum):
    with_file(corrigendum, "es", "corr.xlsx", xlsx_bytes())
    page = client.get("/documents/MC/2216/Corr.1/").content.decode()
    assert (
        '<a href="/documents/MC/2216/Corr.1/fr/file" hreflang="fr" type="application/pdf">French</a>'
        f" (PDF, {len(CORRIGENDUM)}\xa0bytes), 2 pages"
    ) in page
    assert '<a href="/documents/MC/2216/Corr.1/es/file" hreflang="es"' in page
    assert "(Excel, " in page
    assert "documents/1/" not in page and ".pdf" not in page  # no place in the store


def package(client, url: str) -> dict[str, bytes]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/zip"
    content = body(response)
    assert response["Content-Length"] == str(len(content))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_sessions_package_holds_its_public_documents_files_in_one_language(
    client, document_store
):
    session = SessionFactory.create(key="council-105")
    public = DocumentFactory.create(symbol="MC/2216")
    amended = DocumentFactory.create(symbol="MC/2216/Corr.1")
    restricted = DocumentFactory.create(symbol="MC/2217", access="restricted")
    unpublished = DocumentFactory.create(symbol="MC/2218", is_published=False)
    elsewhere = DocumentFactory.create(symbol="MC/2219")
    for document in (public, amended, restricted, unpublished):
        SessionDocument.objects.create(session=session, document=document)
    for document in (public, amended, restricted, unpublished, elsewhere):
        with_file(document, "fr", "f.pdf", pdf_bytes(f"{document.symbol} en français"))
    with_file(public, "en", "f.docx", docx_bytes())
    assert package(client, "/sessions/council-105/documents-fr.zip") == {
        "MC-2216-fr.pdf": pdf_bytes("MC/2216 en français"),
        "MC-2216-Corr.1-fr.pdf": pdf_bytes("MC/2216/Corr.1 en français"),
    }
    assert package(client, "/sessions/council-105/documents-en.zip") == {
        "MC-2216-en.docx": docx_bytes()
    }
    response = client.get("/sessions/council-105/documents-fr.zip")
    assert response["Content-Disposition"] == 'attachment; filename="council-105-documents-fr.zip"'
    page = client.get("/sessions/council-105/").content.decode()
    assert (
        'All its documents in one ZIP file: <a href="/sessions/council-105/documents-en.zip"'
        ' hreflang="en" type="application/zip">English</a> · <a href="/sessions/council-105/'
        'documents-fr.zip" hreflang="fr" type="application/zip">français</a></p>'
    ) in page


def test_an_unpublished_sessions_package_is_404(client, document_store):
    SessionFactory.create(key="council-106", is_published=False)
    hidden = client.get("/sessions/council-106/documents-fr.zip")
    absent = client.get("/sessions/council-999/documents-fr.zip")
    assert (hidden.status_code, hidden.content) == (
        404,
        absent.content.replace(b"council-999", b"council-106"),
    )
    assert client.get("/sessions/council-106/documents-de.zip").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_a_package_costs_two_queries_whatever_its_size(
    client, document_store, django_assert_num_queries, size
):
    session = SessionFactory.create(key="council-107")
    for n in range(size):
        document = DocumentFactory.create(symbol=f"MC/26{n:02d}")
        SessionDocument.objects.create(session=session, document=document)
        with_file(document, "fr", "f.pdf", pdf_bytes(f"Page {n}"))
    with django_assert_num_queries(2):  # the session, the files with their documents
        response = client.get("/sessions/council-107/documents-fr.zip")
        content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == size
