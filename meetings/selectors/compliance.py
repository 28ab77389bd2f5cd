"""The compliance view: each upcoming session's deadlines as met, due soon or missed,
and sessions convened late (notice sent after the rules of procedure allowed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from governance.enums import BodyKind
from meetings.domain.deadlines import Deadline, DeadlineKind, DeadlineState, session_deadlines
from meetings.models import Session
from meetings.models.enums import SessionStatus

# Bodies that meet under rules of procedure (the Constitution's organs and their committees).
FORMAL_BODY_KINDS = {
    BodyKind.GOVERNING_BODY,
    BodyKind.STANDING_COMMITTEE,
    BodyKind.SUBCOMMITTEE,
}

STATE_LABELS = {
    DeadlineState.MET: "Met",
    DeadlineState.LATE: "Met late",
    DeadlineState.DUE_SOON: "Due soon",
    DeadlineState.MISSED: "Missed",
    DeadlineState.OPEN: "Open",
}


@dataclass(frozen=True)
class DeadlineCell:
    deadline: Deadline
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def text(self) -> str:
        d = self.deadline
        if self.state == DeadlineState.LATE:
            late = d.days_late()
            return f"done {d.done_on:%d %b %Y}, {late} day{'s' if late != 1 else ''} late"
        if d.done_on:
            return f"done {d.done_on:%d %b %Y}"
        return f"due {d.due_on:%d %b %Y}"


@dataclass(frozen=True)
class ComplianceRow:
    session: Session
    cells: dict[str, DeadlineCell]
    convened_late: str  # empty when convened on time (or not yet convened)

    @property
    def ordered(self) -> list[DeadlineCell | None]:
        """The cells in the view's column order (None where the body's rules set no deadline)."""
        return [self.cells.get(kind) for kind, _label in COLUMNS]

    @property
    def rules_missing(self) -> bool:
        """A formal body whose rules of procedure are not recorded, so nothing here can be due
        (workshops, dialogues and consultations have no such rules, and are not flagged)."""
        body = self.session.body
        return body.kind in FORMAL_BODY_KINDS and not body.has_deadline_rules

    @property
    def worst(self) -> str:
        order = [DeadlineState.MISSED, DeadlineState.LATE, DeadlineState.DUE_SOON]
        states = {cell.state for cell in self.cells.values()}
        return next((state for state in order if state in states), "")


def convened_late(session: Session, notice: Deadline | None) -> str:
    """ "Notice sent 20 days before the session; the rule is 30 days before a regular session." """
    if notice is None or notice.done_on is None or session.start_date is None:
        return ""
    if notice.done_on <= notice.due_on:
        return ""
    before = (session.start_date - notice.done_on).days
    return (
        f"Convened late: notice sent {before} days before the session; the rule is {notice.rule}."
    )


def compliance_sessions(today: dt.date, *, past_days: int = 30) -> QuerySet[Session]:
    """Sessions the view lists: not over more than ``past_days`` ago, not cancelled; 2 queries."""
    return (
        Session.objects.filter(start_date__gte=today - dt.timedelta(days=past_days))
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("body")
        .prefetch_related("agenda_versions")
        .order_by("start_date", "body__name")
    )


def compliance_rows(today: dt.date, *, past_days: int = 30) -> list[ComplianceRow]:
    rows = []
    for session in compliance_sessions(today, past_days=past_days):
        cells = {d.kind: DeadlineCell(d, d.state(today)) for d in session_deadlines(session)}
        notice = cells.get(DeadlineKind.NOTICE)
        rows.append(
            ComplianceRow(
                session, cells, convened_late(session, notice.deadline if notice else None)
            )
        )
    return rows


COLUMNS = [
    (DeadlineKind.NOTICE, DeadlineKind.LABELS[DeadlineKind.NOTICE]),
    (DeadlineKind.PROVISIONAL_AGENDA, DeadlineKind.LABELS[DeadlineKind.PROVISIONAL_AGENDA]),
    (DeadlineKind.DOCUMENTS, DeadlineKind.LABELS[DeadlineKind.DOCUMENTS]),
]
