"""History of governance records (django-simple-history): who changed what and when, and
restoring a deleted record from its last historical row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.dispatch import Signal
from simple_history.utils import get_history_manager_for_model

from config.changes import data_changed

# Sent after a deleted record is restored (an app that keeps tombstones drops its own).
record_restored = Signal()


def tracked_models() -> list[type[Model]]:
    """Every installed model that keeps history (governance's, and those of the apps built on it)."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history") and not is_historical(model)
    ]


def is_historical(model: type[Model]) -> bool:
    return hasattr(model, "instance_type")


def note_author(instance: Any, user: Any) -> None:
    """Name who makes the change in the history row that the instance's next save writes
    (django-simple-history's documented ``_history_user``). Without a signed-in user the row
    keeps what HistoryRequestMiddleware knows of the request (token clients are not known there)."""
    if getattr(user, "pk", None):
        instance._history_user = user


def _label(instance) -> str:
    """A record's name; one whose parent is gone may not be able to name itself."""
    try:
        return str(instance)
    except Exception:
        return f"{instance._meta.verbose_name} #{instance.pk}"


@dataclass(frozen=True)
class DeletedRecord:
    model_label: str
    verbose_name: str
    history_id: int
    object_id: Any
    label: str
    deleted_at: Any
    deleted_by: str


def deleted_records(limit: int = 200) -> list[DeletedRecord]:
    """Deleted records not restored since, newest first (two queries per tracked model)."""
    found: list[DeletedRecord] = []
    for model in tracked_models():
        rows = list(
            get_history_manager_for_model(model)
            .filter(history_type="-")
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        live = set(
            model._base_manager.filter(pk__in={row.id for row in rows}).values_list("pk", flat=True)
        )
        seen = set()
        for row in rows:
            if row.id in live or row.id in seen:
                continue
            seen.add(row.id)
            found.append(
                DeletedRecord(
                    model._meta.label_lower,
                    str(model._meta.verbose_name),
                    row.history_id,
                    row.id,
                    _label(row.instance),
                    row.history_date,
                    str(row.history_user or ""),
                )
            )
    found.sort(key=lambda r: r.deleted_at, reverse=True)
    return found[:limit]


def restore_deleted(*, model_label: str, history_id: int, by: Any = None) -> Any:
    """Bring a deleted record back as it was just before deletion (same id, so links hold)."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise ValidationError(f"Unknown kind of record {model_label!r}.") from None
    if not hasattr(model, "history") or is_historical(model):
        raise ValidationError(f"{model_label} keeps no history.")
    row = model.history.filter(history_id=history_id, history_type="-").first()
    if row is None:
        raise ValidationError("No such deleted record.")
    instance = row.instance
    if model.objects.filter(pk=row.id).exists():
        raise ValidationError(f"{_label(instance)} exists already: nothing to restore.")
    note_author(instance, by)
    for field in instance._meta.concrete_fields:
        target = getattr(instance, field.attname) if field.is_relation else None
        if target is not None and not field.related_model._base_manager.filter(pk=target).exists():
            raise ValidationError(
                f"{_label(instance)} cannot be restored: its {field.verbose_name} "
                f"(#{target}) is missing; restore that first."
            )
    try:
        with transaction.atomic():
            instance.full_clean(validate_unique=True)
            instance.save(force_insert=True)
    except ValidationError as error:
        raise ValidationError(
            f"{instance} cannot be restored: {'; '.join(error.messages)}"
        ) from None
    except IntegrityError as error:
        raise ValidationError(
            f"{_label(instance)} cannot be restored: a record it belongs to is missing ({error})."
        ) from None
    record_restored.send(sender=model, instance=instance)
    data_changed()
    return instance
