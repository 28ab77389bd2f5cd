"""Signals sent after a session's calendar data changed and the change is committed."""

from django.dispatch import Signal

# Sent on commit with session_id, kind (a RevisionKind value) and changes: {field: (old, new)}.
session_schedule_changed = Signal()
