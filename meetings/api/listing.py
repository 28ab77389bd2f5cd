"""The public session list, its SQL compiled once per combination of filters (prepared.py), its
rows selected as the columns the API writes (serializers.SESSION_COLUMNS), without model instances.

Calendar clients and delegates read the whole list, or the list by body, status, kind or dates;
those reads take this path. Other parameters (year, is_published, modified_since, ordering) and
every secretariat read take DRF's generic path, as do values it refuses (it answers the 400).
tests/api/test_session_list_paths.py holds both paths' answers equal.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.http import QueryDict

from config.pagination import LimitOffsetPagination

from ..models import Session
from ..prepared import Prepared, PreparedRows
from .serializers import SESSION_COLUMNS

# Query parameter: (lookup, type of its value), as the FilterSet declares them.
FILTERS: dict[str, tuple[str, type]] = {
    "body": ("body__key", str),
    "status": ("status", str),
    "kind": ("kind", str),
    "start_after": ("start_date__gte", dt.date),
    "start_before": ("start_date__lte", dt.date),
}
PAGING = {"limit", "offset", "format"}
EMPTY = (None, "")


@functools.cache
def _query(names: tuple[str, ...]) -> Prepared:
    lookups = [FILTERS[name][0] for name in names]

    def build(*values):
        queryset = Session.objects.public().order_by("start_date", "pk")
        queryset = queryset.filter(**dict(zip(lookups, values, strict=True)))
        return queryset.values_list(*SESSION_COLUMNS)

    build.__qualname__ = f"public sessions by {', '.join(names) or 'nothing'}"
    return Prepared(build, *(FILTERS[name][1] for name in names), paged=True)


@functools.cache
def _fields() -> dict:
    from .views import SessionFilter

    # The FilterSet's own form fields: the same cleaning, so the same values reach the query.
    form_class = SessionFilter(queryset=Session.objects.none()).form.__class__
    return {name: form_class.base_fields[name] for name in FILTERS}


def public_rows(params: QueryDict) -> PreparedRows | None:
    """The anonymous list's rows for these query parameters, or None for the generic path."""
    if not params.keys() <= PAGING | FILTERS.keys():
        return None
    values = {}
    for name, field in _fields().items():
        try:
            value = field.clean(params.get(name))
        except ValidationError:
            return None
        if value not in EMPTY:
            values[name] = value
    names = tuple(sorted(values))
    return PreparedRows(_query(names), *(values[name] for name in names))


class PreparedPagination(LimitOffsetPagination):
    """The API's limit/offset pages (clamped as every list's are, config/pagination.py); for
    prepared rows, the count and the page in one round trip."""

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, PreparedRows):
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        self.count, rows = queryset.page(self.offset, self.limit)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return rows
