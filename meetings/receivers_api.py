"""Record a tombstone for every deleted governance or calendar record (for API mirrors)."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete
from django.dispatch import receiver

from governance.history import is_historical, record_restored

from .models.tombstones import Tombstone

TRACKED_APPS = ("governance", "meetings")


def record_tombstone(sender, instance, **kwargs) -> None:
    key = getattr(instance, "key", None) or getattr(instance, "symbol", None) or str(instance.pk)
    Tombstone.objects.create(model=sender._meta.label_lower, key=str(key))


for label in TRACKED_APPS:
    for model in apps.get_app_config(label).get_models():
        if model is Tombstone or model._meta.auto_created or is_historical(model):
            continue
        post_delete.connect(
            record_tombstone, sender=model, dispatch_uid=f"tombstone-{model._meta.label_lower}"
        )


@receiver(record_restored, dispatch_uid="tombstone-drop-on-restore")
def drop_tombstone(sender, instance, **kwargs) -> None:
    """A restored record is back: API mirrors must not delete it again."""
    key = getattr(instance, "key", None) or getattr(instance, "symbol", None) or str(instance.pk)
    Tombstone.objects.filter(model=sender._meta.label_lower, key=str(key)).delete()
