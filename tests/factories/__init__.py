from tests.factories.governance import (
    BodyFactory,
    DocumentFactory,
    EntityFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.factories.meetings import (
    AgendaItemFactory,
    BureauMemberFactory,
    DecisionFactory,
    MeetingFactory,
    SessionFactory,
    VenueFactory,
)

__all__ = [
    "AgendaItemFactory",
    "BodyFactory",
    "BureauMemberFactory",
    "DecisionFactory",
    "DocumentFactory",
    "EntityFactory",
    "MeetingFactory",
    "MembershipFactory",
    "PersonFactory",
    "SessionFactory",
    "VenueFactory",
]
