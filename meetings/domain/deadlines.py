"""Deadlines of a session, computed from its body's rules of procedure (kept as data per body)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from meetings.models import Session

DUE_SOON_DAYS = 7


class DeadlineKind:
    NOTICE = "notice"
    PROVISIONAL_AGENDA = "provisional_agenda"
    DOCUMENTS = "documents"

    LABELS = {
        NOTICE: _("Notice of the session"),
        PROVISIONAL_AGENDA: _("Provisional agenda"),
        DOCUMENTS: _("Session documents"),
    }


class DeadlineState:
    MET = "met"
    LATE = "late"  # done, but after the due date
    DUE_SOON = "due_soon"
    MISSED = "missed"
    OPEN = "open"


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_on: dt.date
    done_on: dt.date | None
    rule: str

    @property
    def label(self) -> str:
        return str(DeadlineKind.LABELS[self.kind])

    def state(self, today: dt.date) -> str:
        if self.done_on is not None:
            return DeadlineState.MET if self.done_on <= self.due_on else DeadlineState.LATE
        if today > self.due_on:
            return DeadlineState.MISSED
        if (self.due_on - today).days <= DUE_SOON_DAYS:
            return DeadlineState.DUE_SOON
        return DeadlineState.OPEN

    def days_late(self) -> int:
        """How many days after the due date it was done (0 when on time or not done)."""
        if self.done_on is None or self.done_on <= self.due_on:
            return 0
        return (self.done_on - self.due_on).days


def notice_due_on(session: Session) -> tuple[dt.date, str] | None:
    """The last day the notice may go out, and the rule that sets it.

    A special session's request starts a clock of its own, which runs before the session has
    dates: its notice is then due within so many days of the request.
    """
    body = session.body
    if session.kind == "special":
        days = body.notice_days_special
        candidates = []
        if days is not None and session.start_date is not None:
            candidates.append(
                (
                    session.start_date - dt.timedelta(days=days),
                    f"{days} days before a special session",
                )
            )
        if body.special_notice_within_days is not None and session.requested_on:
            within = body.special_notice_within_days
            candidates.append(
                (
                    session.requested_on + dt.timedelta(days=within),
                    f"within {within} days of the request",
                )
            )
        return min(candidates) if candidates else None
    days = body.notice_days_regular
    if days is None or session.start_date is None:
        return None
    return session.start_date - dt.timedelta(days=days), f"{days} days before a regular session"


def notice_deadline(session: Session) -> Deadline | None:
    """The notice's deadline alone (no agenda needed): done when the notice was sent."""
    notice = notice_due_on(session)
    if notice is None:
        return None
    due, rule = notice
    return Deadline(DeadlineKind.NOTICE, due, session.notice_sent_on, rule)


def session_deadlines(
    session: Session,
    *,
    agenda_sent_on: dt.date | None = None,
    documents_done_on: dt.date | None = None,
) -> list[Deadline]:
    """Notice, provisional agenda and documents deadlines (only those the body's rules define).

    What was done comes from the session: its notice date, its first provisional agenda
    (prefetch ``agenda_versions`` for lists) and the date its documents were issued.
    """
    deadlines: list[Deadline] = []
    if agenda_sent_on is None:
        agenda_sent_on = min(
            (v.on for v in session.agenda_versions.all() if v.state == "provisional"),
            default=None,
        )
    documents_done_on = documents_done_on or session.documents_issued_on
    notice = notice_deadline(session)
    if notice is not None:
        deadlines.append(notice)
        if session.body.agenda_with_notice:
            deadlines.append(
                Deadline(
                    DeadlineKind.PROVISIONAL_AGENDA,
                    notice.due_on,
                    agenda_sent_on,
                    "sent with the notice",
                )
            )
    days = session.body.documents_days
    if days is not None and session.start_date is not None:
        deadlines.append(
            Deadline(
                DeadlineKind.DOCUMENTS,
                session.start_date - dt.timedelta(days=days),
                documents_done_on,
                f"{days} days before the session",
            )
        )
    return deadlines
