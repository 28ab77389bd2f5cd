"""The standing structure's tables, one module per concept; Django finds an app's models here."""

from governance.enums import MissionKind, MissionRole
from governance.models.bodies import AnnualTheme, Body
from governance.models.documents import DocumentReference, DocumentVersion
from governance.models.files import DocumentFile, DocumentPage
from governance.models.memberships import Entity, Membership, MembershipFigure
from governance.models.missions import Mission, MissionInvitation, MissionMember, MissionToken
from governance.models.people import Person
from governance.models.search import SearchAudience, SearchEntry, SearchKind
from governance.models.sources import SourceDiscrepancy

__all__ = [
    "AnnualTheme",
    "Body",
    "DocumentFile",
    "DocumentPage",
    "DocumentReference",
    "DocumentVersion",
    "Entity",
    "Membership",
    "MembershipFigure",
    "Mission",
    "MissionInvitation",
    "MissionKind",
    "MissionMember",
    "MissionRole",
    "MissionToken",
    "Person",
    "SearchAudience",
    "SearchEntry",
    "SearchKind",
    "SourceDiscrepancy",
]
