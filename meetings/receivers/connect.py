"""Signal receivers (connected in MeetingsConfig.ready).

No domain logic lives here: the services do what follows from a change (SEQUENCE, revisions,
change notices, the data version) in their own body. What remains is bookkeeping that must
follow every delete, cascades included (tombstones), and keeping the permission groups and the
beat schedule in step with migrate.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from meetings.receivers import tombstones  # noqa: F401  (connects the tombstone receivers)


@receiver(post_migrate)
def keep_permission_groups_in_sync(
    sender: AppConfig, app_config: AppConfig | None = None, **kwargs: Any
) -> None:
    if app_config is None or app_config.label != "meetings":
        return
    from meetings.reminders.schedules import schedules_seed
    from meetings.services.permission_groups import sync_permission_groups

    sync_permission_groups()
    schedules_seed()
