"""Whole-database export to one portable file (gzipped JSON, natural keys) and its import into an
empty database, in one transaction. Content types and permissions are rebuilt by migrate, so
they travel by natural key rather than by id."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from config.changes import data_changed
from governance.history import tracked_models

# periodictasks is only a "schedules changed" marker for beat: it is rebuilt on import.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "django_celery_beat.periodictasks"]
# Rows migrate creates by itself (groups, schedules): replaced by the file's on import.
SEEDED_BY_MIGRATE = [
    "auth.group",
    "django_celery_beat.periodictask",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.solarschedule",
    "django_celery_beat.clockedschedule",
]


def export_database(path: Path) -> int:
    """Write every row to ``path`` (.json.gz); returns how many objects."""
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        call_command(
            "dumpdata",
            exclude=EXCLUDE,
            natural_foreign=True,
            natural_primary=False,
            use_base_manager=True,
            indent=None,
            stdout=handle,
        )
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return len(json.load(handle))


def import_database(path: Path) -> int:
    """Load an export into an empty (migrated) database; refuses a database that holds data."""
    if not path.exists():
        raise CommandError(f"No such file: {path}")
    holding = [
        model._meta.label_lower
        for model in [get_user_model(), *tracked_models()]
        if model._base_manager.exists()
    ]
    if holding:
        raise CommandError(
            f"The database is not empty ({', '.join(holding)} have rows): import into a fresh, "
            "migrated database."
        )
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            objects = list(serializers.deserialize("json", handle, handle_forward_references=True))
    except (OSError, EOFError, ValueError, serializers.base.DeserializationError) as error:
        raise CommandError(f"{path} is not a readable export: {error}") from None
    with transaction.atomic():
        for label in SEEDED_BY_MIGRATE:
            try:
                apps.get_model(label)._base_manager.all().delete()
            except LookupError:
                continue
        # The search index travels in the file with the records (and when each was first public).
        call_command("loaddata", str(path), verbosity=0)
        data_changed()
    return len(objects)
