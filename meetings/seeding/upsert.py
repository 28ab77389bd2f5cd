"""Create-or-update of one seed row: the loader and every record kind share it (its own module,
so the record kinds need not import the loader that imports them)."""

from __future__ import annotations

from collections.abc import Iterable
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
) -> tuple[models.Model, str]:
    """Create or update one row; returns it and 'created', 'updated' or 'unchanged'."""
    obj = model._default_manager.filter(**lookup).first()
    outcome = "unchanged"
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    else:
        for name, value in values.items():
            current = getattr(obj, name)
            if _comparable(current) != _comparable(value):
                setattr(obj, name, value)
                outcome = "updated"
    if outcome != "unchanged":
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
    for name, targets in (many or {}).items():
        manager = getattr(obj, name)
        wanted = {t.pk for t in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            outcome = "updated" if outcome == "unchanged" else outcome
    return obj, outcome
