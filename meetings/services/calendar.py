"""Saving a row that is an event in calendars (a session, a meeting): its SEQUENCE goes up with
a change that calendar clients must take (RFC 5546), and a session's meetings follow it.

Every write of a session or a meeting goes through calendar_save: the services of
sessions.py and meetings.py, and the seed loader.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Model, Q
from django.utils import timezone

from governance.history import note_author
from meetings.domain import ical
from meetings.models import Meeting, Session
from meetings.models.sessions import CalendarTracked

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Changes = dict[str, tuple[Any, Any]]
# The history row of a meeting raised with its session says why (simple_history's change reason).
FOLLOWS_SESSION = "follows its session's change"


def model_field(model: type[Model] | Model, name: str) -> models.Field[Any, Any]:
    """A model's own field by name (not a reverse relation)."""
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise FieldDoesNotExist(f"{model._meta.label} has no field {name!r}")
    return found


def calendar_values(row: CalendarTracked) -> dict[str, Any]:
    """The row's calendar fields as stored values (a related row by its id)."""
    return {name: getattr(row, model_field(row, name).attname) for name in row.calendar_fields}


def calendar_save(row: CalendarTracked, values: dict[str, Any], *, by: User | None) -> Changes:
    """Set ``values`` on a row locked for update, validate and save it: SEQUENCE goes up once
    when a calendar field changed (a change back still raises it: clients only take a higher
    one), and for a session, that of each meeting whose event shows the change
    (meetings_follow). Returns the calendar changes, {field: (old, new)}."""
    before = calendar_values(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    after = calendar_values(row)
    changes = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    if changes:
        # Raised in the database, then read back so that the save (and its history row) carries it.
        type(row)._default_manager.filter(pk=row.pk).update(sequence=F("sequence") + 1)
        row.refresh_from_db(fields=["sequence"])
    note_author(row, by)
    row.save()
    if changes and isinstance(row, Session):
        meetings_follow(session=row, changes=changes, by=by)
    return changes


def meetings_follow(*, session: Session, changes: Changes, by: User | None) -> int:
    """Raise the SEQUENCE of the session's meetings whose events show its calendar changes, and
    move their DTSTAMP and LAST-MODIFIED (updated_at): a cancelled session's meetings are
    cancelled too, and a status change is significant in RFC 5546, as is a new day for a
    meeting that sits on the session's first day. A meeting with its own date, times and venue
    keeps its SEQUENCE when the session moves: its event is unchanged. Returns how many.

    In the caller's transaction; four queries when some meetings follow, none otherwise.
    """
    shown = ical.meetings_shown_changes(changes)
    if not shown:
        return 0
    # Every meeting, or those with one of the fields empty. (Q() | Q(...) would be the latter
    # alone: Django drops an empty Q from an OR.)
    which = (
        Q()
        if () in shown
        else reduce(
            operator.or_, (Q(**{f"{name}__isnull": True for name in empty}) for empty in shown)
        )
    )
    # Locked first, so that the rows raised are exactly the rows whose history is written (no
    # ordering: the model's would join, and so lock, the session and its body).
    ids = list(
        Meeting.objects.select_for_update()
        .filter(which, session=session)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    # A queryset update, so the history rows are written here (django-simple-history's manager).
    Meeting.objects.filter(pk__in=ids).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    Meeting.history.bulk_history_create(
        Meeting.objects.filter(pk__in=ids).order_by(),
        update=True,
        default_user=by if getattr(by, "pk", None) else None,
        default_change_reason=FOLLOWS_SESSION,
    )
    return len(ids)
