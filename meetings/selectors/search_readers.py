"""Who is searching, and what a search may ask: shared by the search page and the API's search.

The audience decides which index entries a search may return (meetings/selectors/search.py):
the public's, or with them what is restricted to Member States for a user of a current Member
State's mission (governance.roles.is_member_state_user, the rule of DocumentQuerySet.visible_to).
The secretariat reads its records in the admin; the public site and its search show it what the
public sees, so that every hit's link opens.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from governance.models.search import SearchKind
from governance.roles import is_member_state_user

PUBLIC = "public"
MEMBER_STATES = "member_states"

QUERY_MAX_LENGTH = 200
# Twenty hits a page; beyond the fiftieth page a reader refines instead (and no client can make
# the database skip more than 1,000 ranked rows).
PER_PAGE = 20
PAGE_MAX = 50
YEAR_MIN, YEAR_MAX = 1950, 2100
FACETS = ("kind", "body", "year", "language")
# A body's filter value: its acronym as the index holds it ("SCPF", "IGAD-RCP").
BODY_PATTERN = r"^[A-Za-z0-9_-]{1,30}$"

# The kinds' labels as delegates read them, in French and Spanish too: SearchKind's own labels
# (governance/models/search.py) are the same words, but the catalogues leave out the models'
# files (the Makefile's MESSAGE_IGNORES), so they are marked here, where they are extracted; the
# facets' labels (gettext of the same words) are translated by the same entries.
KIND_LABELS: dict[str, Promise] = {
    SearchKind.SESSION: _("Session"),
    SearchKind.MEETING: _("Meeting"),
    SearchKind.AGENDA_ITEM: _("Agenda item"),
    SearchKind.DOCUMENT: _("Document"),
    SearchKind.DECISION: _("Resolution or decision"),
    SearchKind.BODY: _("Body"),
    SearchKind.ENTITY: _("Member or Observer"),
    SearchKind.PERSON: _("Person"),
}


def search_audience(user: Any) -> str:
    """The audience of a search by ``user`` (anonymous: the public).

    A mission's user is one only past the second factor, as the portal lets them in
    (meetings/portal/access.py): with a device, its code entered in this session (django-otp's
    ``is_verified``); without one, a delegate (a focal point is sent to set one up first).
    """
    if not is_member_state_user(user):
        return PUBLIC
    # A token client's user has no is_verified (OTPMiddleware sets it on the session's user).
    if getattr(user, "is_verified", lambda: False)():
        return MEMBER_STATES
    if user.mission_member.is_focal_point or user_has_device(user):
        return PUBLIC
    return MEMBER_STATES
