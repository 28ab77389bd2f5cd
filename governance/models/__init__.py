"""The standing structure's tables, one module per concept; Django finds an app's models here."""

from governance.models.bodies import AnnualTheme, Body
from governance.models.documents import DocumentReference, DocumentVersion
from governance.models.files import DocumentFile, DocumentPage
from governance.models.memberships import Entity, Membership, MembershipFigure
from governance.models.people import Person
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
    "Person",
    "SourceDiscrepancy",
]
