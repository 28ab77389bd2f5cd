"""Signal receivers (connected in MeetingsConfig.ready)."""

from __future__ import annotations

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import receivers_api, receivers_feeds  # noqa: F401  (tombstones, feed data version)


@receiver(post_migrate)
def keep_permission_groups_in_sync(sender, app_config=None, **kwargs) -> None:
    if app_config is None or app_config.label != "meetings":
        return
    from .permissions import sync_permission_groups

    sync_permission_groups()
