"""A demonstration year (`manage.py create_demo_year`, in the spirit of pretalx's
create_test_event): the seeded record ends years ago, so a fresh install would show nothing
upcoming. The coming year is planned from each body's rhythm by the secretariat's own Plan a year,
published, and every such session marked, so that pages, feeds and e-mails say it is not real.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from config.changes import data_changed
from governance.history import note_author
from meetings.models import Session
from meetings.services.planning import plan_year_create
from meetings.services.publishing import session_publish
from meetings.services.search_index import session_unindex

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class DemoYear:
    year: int
    created: list[Session]
    existing: int  # demonstration sessions of the year there before (a second run creates none)


def demo_year_create(*, year: int, by: User | None = None) -> DemoYear:
    """Plan ``year`` from each body's rhythm (planning.plan_year: a slot already planned is not
    planned again, so a second run creates nothing), mark the sessions as demonstrations and
    publish them, in one transaction."""
    with transaction.atomic():
        existing = Session.objects.filter(is_demonstration=True, start_date__year=year).count()
        created = plan_year_create(year, by=by, demonstration=True)
        for session in created:
            session_publish(session=session, by=by)
    return DemoYear(year=year, created=created, existing=existing)


def demo_year_remove(*, year: int | None = None, by: User | None = None) -> int:
    """Delete the demonstration sessions (of ``year``, or all), with what they hold; returns how
    many. Each is deleted as a row (not a queryset update), so its history row names ``by`` and
    API mirrors get its tombstone; feeds simply no longer list it."""
    with transaction.atomic():
        sessions = Session.objects.filter(is_demonstration=True)
        if year is not None:
            sessions = sessions.filter(start_date__year=year)
        removed = 0
        for session in sessions.order_by("pk"):
            note_author(session, by)
            session_unindex(session=session)
            session.delete()
            removed += 1
        if removed:
            data_changed()
    return removed
