"""What is on the calendar: sessions and their meetings, agenda, bureau and decisions."""

from meetings.models.feeds import PersonalFeed
from meetings.models.proceedings import (
    Admission,
    AgendaItem,
    BureauMember,
    Decision,
    Election,
    SessionDocument,
)
from meetings.models.registrations import (
    Delegate,
    Registration,
    RegistrationEvent,
    RegistrationPeriod,
)
from meetings.models.reminders import Delivery, PendingChange, Subscriber, Subscription
from meetings.models.saved_searches import SavedSearch
from meetings.models.secretariat import AgendaVersion, SessionDraft
from meetings.models.sessions import Meeting, ScheduleRevision, Session, Venue
from meetings.models.tombstones import Tombstone

__all__ = [
    "Admission",
    "AgendaItem",
    "AgendaVersion",
    "BureauMember",
    "Decision",
    "Delegate",
    "Delivery",
    "Election",
    "Meeting",
    "PendingChange",
    "PersonalFeed",
    "Registration",
    "RegistrationEvent",
    "RegistrationPeriod",
    "SavedSearch",
    "ScheduleRevision",
    "Session",
    "SessionDocument",
    "SessionDraft",
    "Subscriber",
    "Subscription",
    "Tombstone",
    "Venue",
]
