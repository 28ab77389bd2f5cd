"""What is on the calendar: sessions and their meetings, agenda, bureau and decisions."""

from .feeds import PersonalFeed
from .proceedings import Admission, AgendaItem, BureauMember, Decision, Election, SessionDocument
from .reminders import Delivery, PendingChange, Subscriber, Subscription
from .secretariat import AgendaVersion, SessionDraft
from .sessions import Meeting, ScheduleRevision, Session, Venue
from .tombstones import Tombstone

__all__ = [
    "Admission",
    "AgendaItem",
    "AgendaVersion",
    "BureauMember",
    "Decision",
    "Delivery",
    "Election",
    "Meeting",
    "PendingChange",
    "PersonalFeed",
    "ScheduleRevision",
    "Session",
    "SessionDocument",
    "SessionDraft",
    "Subscriber",
    "Subscription",
    "Tombstone",
    "Venue",
]
