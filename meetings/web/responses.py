"""HTTP wrapping for calendars: content type, validators and caching headers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils.http import http_date

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients may keep a copy for an hour, then must revalidate (cheap: a 304 costs no SQL).
CACHE_CONTROL = "public, max-age=3600, must-revalidate"


class CalendarResponse(HttpResponse):
    def __init__(
        self,
        body: bytes,
        *,
        etag: str,
        last_modified: dt.datetime,
        filename: str,
        status: int = 200,
    ) -> None:
        super().__init__(body, content_type=CALENDAR_CONTENT_TYPE, status=status)
        self["ETag"] = etag
        self["Last-Modified"] = http_date(last_modified.timestamp())
        self["Cache-Control"] = CACHE_CONTROL
        self["Content-Disposition"] = f'inline; filename="{filename}"'


class NotModifiedCalendar(HttpResponse):
    status_code = 304

    def __init__(self, *, etag: str, last_modified: dt.datetime) -> None:
        super().__init__()
        del self["Content-Type"]
        self["ETag"] = etag
        self["Last-Modified"] = http_date(last_modified.timestamp())
        self["Cache-Control"] = CACHE_CONTROL
