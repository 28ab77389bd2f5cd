"""Create-or-update of one seed row: the loader and every record kind share it (its own module,
so the record kinds need not import the loader that imports them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    many: dict[str, Iterable[models.Model]] | None = None,
    *,
    update: Callable[[Any, dict[str, Any]], object] | None = None,
) -> tuple[models.Model, str]:
    """Create or update one row; returns it and 'created', 'updated' or 'unchanged'.

    With ``update``, an existing row is locked and its changed values are saved by that service
    (calendar_save for sessions and meetings, so that an updated seed raises their SEQUENCE as
    an edit would) instead of here.
    """
    rows = model._default_manager.filter(**lookup)
    obj = (rows.select_for_update() if update is not None else rows).first()
    outcome = "unchanged"
    changed: dict[str, Any] = {}
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    else:
        changed = {
            name: value
            for name, value in values.items()
            if _comparable(getattr(obj, name)) != _comparable(value)
        }
        if changed:
            outcome = "updated"
    if update is not None and changed:
        update(obj, changed)
    elif outcome != "unchanged":
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
    for name, targets in (many or {}).items():
        manager = getattr(obj, name)
        wanted = {t.pk for t in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            outcome = "updated" if outcome == "unchanged" else outcome
    return obj, outcome
