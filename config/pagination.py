"""The API's limit/offset pages, with a ceiling on what one request may ask for.

Out-of-range values are clamped, never an error: a `limit` above MAX_LIMIT gives MAX_LIMIT rows
(DRF's own `max_limit`), and a `limit` that is not a positive whole number gives the default page,
as DRF does. An `offset` beyond MAX_OFFSET counts as MAX_OFFSET: past the end of every list,
so an empty page, instead of a number the database cannot take (PostgreSQL's OFFSET is 64-bit).
"""

from __future__ import annotations

from rest_framework import pagination

MAX_LIMIT = 200
MAX_OFFSET = 10**9


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
