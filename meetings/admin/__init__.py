"""The calendar's admin: sessions and what they hold, the secretariat's year, reminders."""

from meetings.admin import registrations, reminders, secretariat, sessions  # noqa: F401  (registers them)
