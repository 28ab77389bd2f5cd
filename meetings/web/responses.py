"""HTTP wrapping for calendars: content type, file name and caching headers."""

from __future__ import annotations

from django.http import HttpResponse

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients and proxies may keep a copy for an hour, then must revalidate (cheap: a 304 costs no
# SQL). A personal feed's URL is its secret: no shared cache keeps it, so a revoked one stops.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 3600, "must_revalidate": True}
PERSONAL_CACHE_CONTROL = {"private": True, "max_age": 3600, "must_revalidate": True}


class CalendarResponse(HttpResponse):
    """A calendar's bytes; the feed views add the validators (condition) and Cache-Control."""

    def __init__(self, body: bytes, *, filename: str, status: int = 200) -> None:
        super().__init__(body, content_type=CALENDAR_CONTENT_TYPE, status=status)
        self["Content-Disposition"] = f'inline; filename="{filename}"'
