"""What a saved search matches among the records that became public in a window (the search's
own visibility: only what an anonymous reader may open)."""

from __future__ import annotations

import datetime as dt

from meetings.models import SavedSearch
from meetings.models.saved_searches import AlertKind
from meetings.selectors.search import SearchHit, search_new_matches

ALERT_KINDS = frozenset(AlertKind.values)
MATCHES_LIMIT = 100  # an alert lists the first ones and links to the search for the rest


def saved_search_matches(
    saved_search: SavedSearch, *, since: dt.datetime, until: dt.datetime, language: str
) -> list[SearchHit]:
    """The records of the alert kinds (the saved search's kind and body, if it names them)
    whose public_since is in [since, until), titles in ``language`` where they have one."""
    hits = search_new_matches(
        query=saved_search.query,
        since=since,
        until=until,
        audience="public",
        language=language,
        limit=MATCHES_LIMIT,
    )
    body = saved_search.body
    return [
        hit
        for hit in hits
        if hit.kind in ALERT_KINDS
        and (not saved_search.kind or hit.kind == saved_search.kind)
        and (body is None or hit.body == body.key)
    ]
