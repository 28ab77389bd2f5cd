"""The secretariat's two permission groups: editors change everything, viewers read."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.apps.registry import Apps

from governance.roles import EDITORS, VIEWERS

MANAGED_APPS = ("governance", "meetings", "django_celery_beat")


def sync_permission_groups(apps: Apps = global_apps) -> None:
    """Create both groups and give them the permissions of every model of the managed apps.

    Run by a migration and again after every migrate, so models added later are covered.
    """
    from django.contrib.auth.management import create_permissions

    for label in MANAGED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        # Permissions are normally created after migrate; the groups need them now.
        # create_permissions skips configs without a models module, which migration stubs lack.
        had_module = getattr(config, "models_module", None)
        config.models_module = had_module or True  # type: ignore[assignment]
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = had_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managed = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    editors.permissions.set(managed)
    viewers.permissions.set(managed.filter(codename__startswith="view_"))
