"""What is on the calendar: sessions and their meetings, agenda, bureau and decisions."""

from .feeds import PersonalFeed
from .proceedings import Admission, AgendaItem, BureauMember, Decision, Election, SessionDocument
from .reminders import Delivery, PendingChange, Subscriber, Subscription
from .sessions import Meeting, ScheduleRevision, Session, Venue
from .tombstones import Tombstone

__all__ = [
    "Admission",
    "AgendaItem",
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
    "Subscriber",
    "Subscription",
    "Tombstone",
    "Venue",
]
