"""The Celery application; Redis is the broker when REDIS_URL is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("governance_calendar")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks live with the reminders they send (meetings/reminders/tasks.py).
app.autodiscover_tasks(["meetings.reminders"])
