"""What is on the calendar: sessions and their meetings, agenda, bureau and decisions."""

from .feeds import PersonalFeed
from .proceedings import Admission, AgendaItem, BureauMember, Decision, Election, SessionDocument
from .sessions import Meeting, ScheduleRevision, Session, Venue
from .tombstones import Tombstone

__all__ = [
    "Admission",
    "AgendaItem",
    "BureauMember",
    "Decision",
    "Election",
    "Meeting",
    "PersonalFeed",
    "ScheduleRevision",
    "Session",
    "SessionDocument",
    "Tombstone",
    "Venue",
]
