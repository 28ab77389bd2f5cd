"""The documents' files, served after the same access check as the document pages: one
language version's file (with ETag, conditional GET and single byte ranges), and a session's
documents in one language as a ZIP, streamed. No URL names the place of a file in the store."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from zipstream import ZIP_STORED, ZipStream

from config.caching import PUBLIC_MAX_AGE
from governance.domain.files import PDF, download_name
from governance.domain.languages import LANGUAGES
from governance.models import DocumentFile
from governance.roles import is_secretariat
from meetings.domain.byte_ranges import UNSATISFIABLE, byte_range
from meetings.selectors import files as selectors

CHUNK = 64 * 1024
# The page cache never keeps these answers: it keeps only a 200 that is not streamed, and a
# file or a package is always streamed (config/caching.py).


@require_safe
def document_file(request: HttpRequest, key: str, language: str) -> HttpResponseBase:
    """A language version's file. A document the reader may not see answers as one that does not
    exist (404), whatever the reason."""
    if language not in LANGUAGES:
        raise Http404
    everything = is_secretariat(request.user)
    record = selectors.document_file(key=key, language=language, everything=everything)
    if record is None:
        raise Http404
    document = record.version.document
    etag = f'"{record.sha256}"'
    name = download_name(
        name=document.symbol or document.key, language=language, media_type=record.media_type
    )
    # A PDF opens in the browser; a Word or Excel file is saved.
    attachment = record.media_type != PDF
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return finish(not_modified, record, etag, public=not everything)
    wanted = byte_range(request.headers.get("Range", ""), record.size)
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        wanted = None  # the reader's copy is of another file: it gets the whole new one
    response: HttpResponseBase
    if wanted == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{record.size}"
    elif wanted is None:
        response = FileResponse(
            record.file.open("rb"),
            as_attachment=attachment,
            filename=name,
            content_type=record.media_type,
        )
        response["Content-Length"] = str(record.size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            part(record, start, end), status=206, content_type=record.media_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{record.size}"
        response["Content-Length"] = str(end - start + 1)
        response["Content-Disposition"] = content_disposition_header(attachment, name) or ""
    return finish(response, record, etag, public=not everything)


def part(record: DocumentFile, start: int, end: int) -> Iterator[bytes]:
    """Bytes ``start`` to ``end`` (inclusive) of the stored file."""
    with record.file.open("rb") as stored:
        stored.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = stored.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


def finish(
    response: HttpResponseBase, record: DocumentFile, etag: str, *, public: bool
) -> HttpResponseBase:
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(record.uploaded_at.timestamp())
    # What anyone may read may be kept by shared caches; what the secretariat reads may not (a
    # restricted file, or one of a document tied only to unpublished sessions).
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)
    else:  # the secretariat's: never kept by a shared cache
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response


@require_safe
def session_package(_request: HttpRequest, key: str, language: str) -> HttpResponseBase:
    """A published session's public documents with a file in ``language``, as one ZIP, streamed
    (the files are stored as they are: PDFs and Office files are compressed already)."""
    if language not in LANGUAGES:
        raise Http404
    found = selectors.session_package(key=key, language=language)
    if found is None:
        raise Http404
    session, files = found
    archive = ZipStream(compress_type=ZIP_STORED, sized=True)
    for record in files:
        document = record.version.document
        archive.add(
            stored_bytes(record),
            download_name(
                name=document.symbol or document.key,
                language=language,
                media_type=record.media_type,
            ),
            size=record.size,
        )
    response = StreamingHttpResponse(archive, content_type="application/zip")
    response["Content-Length"] = str(len(archive))
    response["Content-Disposition"] = (
        content_disposition_header(True, f"{session.key}-documents-{language}.zip") or ""
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)
    return response


def stored_bytes(record: DocumentFile) -> Iterator[bytes]:
    with record.file.open("rb") as stored:
        yield from iter(lambda: stored.read(CHUNK), b"")
