"""Services that change a session's meetings: the meeting admin and the session admin's inline,
and the CSV import. A change of a meeting's date, times or venue raises its SEQUENCE, as for
sessions; each call marks the public data changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.changes import data_changed
from governance.history import note_author
from meetings.models import Meeting
from meetings.models.sessions import MEETING_EDITABLE
from meetings.services.calendar import calendar_save
from meetings.services.search_index import meeting_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def meeting_create(*, meeting: Meeting, by: User | None = None) -> Meeting:
    """Save a new (unsaved) meeting, validated as the admin form validates."""
    meeting.full_clean()
    note_author(meeting, by)
    with transaction.atomic():
        meeting.save()
        meeting_index(meeting=meeting)
        data_changed()
    return meeting


def meeting_update(*, meeting: Meeting, fields: dict[str, Any], by: User | None = None) -> Meeting:
    """Apply edits to a meeting. They are compared with the row as stored, not with the copy
    given (a form's, or a version from its history), so nothing lowers its SEQUENCE."""
    unknown = set(fields) - set(MEETING_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        calendar_save(current, fields, by=by)
        meeting_index(meeting=current)
        data_changed()
    meeting.refresh_from_db()
    return meeting
