"""Record a tombstone for every deleted governance or calendar record (for API mirrors).

These stay receivers, unlike the rest of what follows a change: a delete cascades (a session
takes its meetings, agenda and revisions with it) and Django sends pre_delete and post_delete for
every row of the cascade, which no service could list. The tombstones are bookkeeping for
mirrors, not a rule of the calendar; the data version is bumped by the path that deletes.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from governance.history import is_historical, record_restored
from meetings.models.querysets import public_records
from meetings.models.tombstones import Tombstone

TRACKED_APPS = ("governance", "meetings")
# Derived rows, no record of their own: the search index is written again from the records (and a
# receiver on it would also make each of its deletes fetch every row, one signal each).
UNTRACKED = frozenset({"governance.searchentry"})


def _key(instance) -> str:
    return str(getattr(instance, "key", None) or getattr(instance, "symbol", None) or instance.pk)


def note_visibility(sender, instance, **kwargs) -> None:
    """Whether anonymous readers could see the record, asked before anything is deleted: in a
    cascade, pre_delete runs for every record while the rows they depend on are all still there."""
    public = public_records(sender)
    instance._was_public = public is not None and public.filter(pk=instance.pk).exists()


def record_tombstone(sender, instance, **kwargs) -> None:
    was_public = getattr(instance, "_was_public", False)
    Tombstone.objects.create(
        model=sender._meta.label_lower, key=_key(instance), was_public=was_public
    )


for label in TRACKED_APPS:
    for model in apps.get_app_config(label).get_models():
        if model is Tombstone or model._meta.auto_created or is_historical(model):
            continue
        if model._meta.label_lower in UNTRACKED:
            continue
        uid = model._meta.label_lower
        pre_delete.connect(note_visibility, sender=model, dispatch_uid=f"tombstone-seen-{uid}")
        post_delete.connect(record_tombstone, sender=model, dispatch_uid=f"tombstone-{uid}")


@receiver(record_restored, dispatch_uid="tombstone-drop-on-restore")
def drop_tombstone(sender, instance, **kwargs) -> None:
    """A restored record is back: API mirrors must not delete it again."""
    Tombstone.objects.filter(model=sender._meta.label_lower, key=_key(instance)).delete()
