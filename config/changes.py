"""The one call every write path makes when public data changed: pages, feeds and API reads
kept for the current data version are then built again.

Services call it once, inside their transaction; the version moves when the transaction
commits (and also at once, so nothing built from the uncommitted state in between is kept).
Paths that write past the services call it themselves, once each: the admin (governance's
HistoryAdmin: saves, deletes, inlines, actions, history reverts), restoring a deleted record,
the seed loader and the backup import. Nothing listens to model signals for it, so a
``queryset.update()`` or ``bulk_create`` in a service is covered by the same call.
"""

from __future__ import annotations

from config.caching import data_version_bump


def data_changed() -> None:
    """Mark the public data changed, on commit."""
    data_version_bump()
