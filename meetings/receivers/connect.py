"""Signal receivers (connected in MeetingsConfig.ready)."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from meetings.receivers import (  # noqa: F401  (tombstones, feed data version)
    data_version,
    tombstones,
)
from meetings.signals import session_schedule_changed


@receiver(post_migrate)
def keep_permission_groups_in_sync(sender, app_config=None, **kwargs) -> None:
    if app_config is None or app_config.label != "meetings":
        return
    from meetings.reminders.schedules import schedules_seed
    from meetings.services.permission_groups import sync_permission_groups

    sync_permission_groups()
    schedules_seed()


@receiver(session_schedule_changed)
def hold_change_notice(sender, session_id: int, kind: str, changes: dict, **kwargs) -> None:
    from meetings.reminders.notices import change_record

    change_record(session_id=session_id, kind=kind, changes=changes)
