"""The officer's desk on the admin index: what is coming, what is due, what waits, what failed.

Each part is one read of a fixed number of queries (a list holds at most DESK_ROWS rows, with the
total beside it), so the desk costs the same whatever the data. The admin asks only for the parts
the user may view (``include``). Deadlines come from the compliance view's rows and the rules in
meetings.domain.deadlines; nothing here decides what is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, Q, QuerySet

from meetings.domain.deadlines import Deadline, DeadlineState, notice_deadline
from meetings.models import Delivery, PendingChange, Session, SessionDraft
from meetings.models.enums import SessionStatus
from meetings.models.reminders import DeliveryState
from meetings.selectors import compliance

# The parts of the desk, by the name the admin asks for them.
SESSIONS = "sessions"
DEADLINES = "deadlines"
DRAFTS = "drafts"
NOTICES = "notices"
FAILED = "failed"
REQUESTS = "requests"
SECTIONS = (SESSIONS, DEADLINES, DRAFTS, NOTICES, FAILED, REQUESTS)

NEXT_SESSIONS = 8
DUE_WITHIN_DAYS = 14
DESK_ROWS = 10

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _field_label(name: str) -> str:
    try:
        field = Session._meta.get_field(name)
    except FieldDoesNotExist:  # a name kept from an older form of the model
        field = None
    return str(field.verbose_name) if isinstance(field, Field) else name.replace("_", " ")


@dataclass(frozen=True)
class Listing(Generic[T]):
    """The first rows of a list, and how many it holds in all."""

    rows: list[T]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _listing(queryset: QuerySet[M], wrap: Callable[[M], T], limit: int = DESK_ROWS) -> Listing[T]:
    """Two queries: the first ``limit`` rows and the count."""
    return Listing([wrap(row) for row in queryset[:limit]], queryset.count())


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline of one session, as the compliance view computed it."""

    session: Session
    cell: compliance.DeadlineCell
    today: dt.date

    @property
    def deadline(self) -> Deadline:
        return self.cell.deadline

    @property
    def days(self) -> int:
        """Days until it falls due; negative once it has passed."""
        return (self.deadline.due_on - self.today).days

    @property
    def when(self) -> str:
        if self.days < 0:
            return f"missed {_days(-self.days)} ago"
        return "due today" if self.days == 0 else f"due in {_days(self.days)}"


@dataclass(frozen=True)
class Deadlines:
    due: Listing[DeadlineLine]  # not done, falling due within DUE_WITHIN_DAYS, soonest first
    missed: Listing[DeadlineLine]  # the longest overdue first


@dataclass(frozen=True)
class DraftLine:
    draft: SessionDraft

    @property
    def session(self) -> Session:
        return self.draft.session

    @property
    def edited(self) -> list[str]:
        """What the unpublished edits touch: the fields' labels, the agenda, the documents."""
        names = [_field_label(name) for name in self.draft.fields]
        if self.draft.agenda is not None:
            names.append("agenda")
        if self.draft.documents is not None:
            names.append("documents")
        return names


@dataclass(frozen=True)
class NoticeLine:
    pending: PendingChange
    now: dt.datetime

    @property
    def session(self) -> Session:
        return self.pending.session

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field, first old value, last new value) of what the notice will say changed."""
        return [
            (_field_label(name), str(old), str(new))
            for name, (old, new) in self.pending.changes.items()
            if old != new
        ]

    @property
    def quiet(self) -> bool:
        """Still in its quiet period (a later edit would merge into it)."""
        return self.pending.notify_after > self.now


@dataclass(frozen=True)
class RequestLine:
    """A special-session request and the clock its notice runs on."""

    session: Session
    notice: Deadline | None  # None where the body's rules set no notice for it
    today: dt.date

    @property
    def state(self) -> str:
        return self.notice.state(self.today) if self.notice else ""

    @property
    def label(self) -> str:
        return compliance.STATE_LABELS[self.state] if self.state else "No notice rule"

    @property
    def clock(self) -> str:
        notice = self.notice
        if notice is None:
            return ""
        if notice.done_on is not None:
            return compliance.DeadlineCell(notice, self.state).text
        days = (notice.due_on - self.today).days
        if days < 0:
            return f"{_days(-days)} overdue"
        return "due today" if days == 0 else f"{_days(days)} left"


@dataclass(frozen=True)
class Desk:
    today: dt.date
    sessions: list[Session] | None = None
    deadlines: Deadlines | None = None
    drafts: Listing[DraftLine] | None = None
    notices: Listing[NoticeLine] | None = None
    failed: Listing[Delivery] | None = None
    requests: Listing[RequestLine] | None = None


def desk_sessions(today: dt.date, *, limit: int = NEXT_SESSIONS) -> list[Session]:
    """The next sessions not yet over, by first day, whatever their status; one query."""
    return list(
        Session.objects.filter(
            Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
        )
        .select_related("body")
        .order_by("start_date", "body__name", "number", "pk")[:limit]
    )


def desk_deadlines(
    today: dt.date, *, within_days: int = DUE_WITHIN_DAYS, limit: int = DESK_ROWS
) -> Deadlines:
    """Deadlines not done that fall due within ``within_days``, and missed ones, of the sessions
    the compliance view lists (its two queries): the first ``limit`` of each."""
    due, missed = [], []
    for row in compliance.compliance_rows(today):
        for cell in row.ordered:
            if cell is None:
                continue
            line = DeadlineLine(row.session, cell, today)
            if cell.state == DeadlineState.MISSED:
                missed.append(line)
            elif cell.deadline.done_on is None and 0 <= line.days <= within_days:
                due.append(line)

    def order(line: DeadlineLine) -> tuple[dt.date, int]:
        return line.deadline.due_on, line.session.pk

    due.sort(key=order)
    missed.sort(key=order)
    return Deadlines(Listing(due[:limit], len(due)), Listing(missed[:limit], len(missed)))


def desk_drafts() -> Listing[DraftLine]:
    """Sessions whose edits wait unpublished, the latest edited first."""
    drafts = SessionDraft.objects.select_related("session__body", "edited_by").order_by(
        "-updated_at", "-pk"
    )
    return _listing(drafts, DraftLine)


def desk_notices(now: dt.datetime) -> Listing[NoticeLine]:
    """Change notices not yet turned into deliveries, the first to go out first."""
    pending = (
        PendingChange.objects.filter(processed_at__isnull=True)
        .select_related("session__body")
        .order_by("notify_after", "pk")
    )
    return _listing(pending, lambda change: NoticeLine(change, now))


def desk_failed_deliveries() -> Listing[Delivery]:
    """Deliveries that gave up after their retries, the latest first, with their error."""
    failed = (
        Delivery.objects.filter(state=DeliveryState.FAILED)
        .select_related("subscriber", "session__body", "saved_search")
        .order_by("-updated_at", "-pk")
    )
    return _listing(failed, lambda delivery: delivery)


def desk_special_requests(today: dt.date) -> Listing[RequestLine]:
    """Special sessions requested, neither cancelled, held nor over, the oldest request first."""
    requests = (
        Session.objects.filter(requested_on__isnull=False)
        .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.HELD])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("body")
        .order_by("requested_on", "pk")
    )
    return _listing(requests, lambda session: RequestLine(session, notice_deadline(session), today))


def desk(*, include: Collection[str], today: dt.date, now: dt.datetime) -> Desk:
    """The parts of the desk named in ``include`` (SECTIONS); the others stay None, unread."""
    return Desk(
        today=today,
        sessions=desk_sessions(today) if SESSIONS in include else None,
        deadlines=desk_deadlines(today) if DEADLINES in include else None,
        drafts=desk_drafts() if DRAFTS in include else None,
        notices=desk_notices(now) if NOTICES in include else None,
        failed=desk_failed_deliveries() if FAILED in include else None,
        requests=desk_special_requests(today) if REQUESTS in include else None,
    )
