"""Periodic work, seeded by name (update or create) so the admin can edit it and migrate restores it."""

from __future__ import annotations

SCHEDULES = {
    # name: (task, every seconds)
    "reminders-scan": ("meetings.reminders.scan", 60),
}


def schedules_seed() -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, (task, seconds) in SCHEDULES.items():
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=seconds, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval}
        )
