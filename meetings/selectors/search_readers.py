"""Who is searching, and what a search may ask: shared by the search page and the API's search.

The audience decides which index entries a search may return (meetings/selectors/search.py):
the public's, or with them what is restricted to Member States for a user of a current Member
State's mission (governance.roles.is_member_state_user, the rule of DocumentQuerySet.visible_to).
The secretariat reads its records in the admin; the public site and its search show it what the
public sees, so that every hit's link opens.
"""

from __future__ import annotations

from typing import Any

from django_otp import user_has_device

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
# A body's filter value: its key, as the body facet gives it and the other pages take it ("scpf").
BODY_PATTERN = r"^[-a-zA-Z0-9_]{1,80}$"


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
