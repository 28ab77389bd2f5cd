"""The portal's permission matrix: every portal URL, as each kind of user, answers exactly as it
may, and what it may not do changes nothing.

Roles: mission A's focal point and delegate, mission B's focal point, an observer organization's
focal point, the secretariat's viewer and editor (not missions' users), anonymous. The acts are on
mission A's records (its delegate, its open invitation, its API token). A portal URL missing here
fails test_every_portal_url_is_in_the_matrix.

The registrations API (/api/v1/registrations/) is walked with the same roles (signed in, not with
a token) and with mission A's and mission B's API tokens: only a token writes, and only its own
mission's; the secretariat reads. An operation of it missing here fails
test_every_registration_api_operation_is_in_the_matrix.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from governance.models import MissionInvitation, MissionMember, MissionToken
from governance.services import missions as service
from meetings.models import Delegate, Registration, Session
from meetings.services import registrations
from tests.factories import SessionFactory
from tests.factories.files import pdf_bytes, upload
from tests.meetings.portal.conftest import (  # noqa: F401 (fixtures, used by name)
    Missions,
    fast_passwords,
    missions,
    signed_in,
)
from tests.security.test_permission_matrix import walk

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "a_focal", "a_delegate", "b_focal", "observer", "viewer", "editor")
MISSION_USERS = ("a_focal", "a_delegate", "b_focal", "observer")


@dataclass(frozen=True)
class Case:
    name: str  # the URL's name in the portal namespace
    method: str
    url: Callable[[Any], str]
    expect: dict[str, int]
    data: dict[str, str] | None = None


def reads(mission_users: int = 200, anonymous: int = 302, others: int = 403) -> dict[str, int]:
    return {
        role: anonymous
        if role == "anonymous"
        else mission_users
        if role in MISSION_USERS
        else others
        for role in ROLES
    }


def on_mission_a(**allowed: int) -> dict[str, int]:
    """An act on mission A's records: its focal point may; its delegate is refused; another
    mission's users find no such record; the secretariat's accounts are not a mission's."""
    expect = {
        "anonymous": 302,
        "a_focal": 302,
        "a_delegate": 403,
        "b_focal": 404,
        "observer": 404,
        "viewer": 403,
        "editor": 403,
    }
    return {**expect, **allowed}


def open_pages(signed_in_status: int = 200) -> dict[str, int]:
    return {role: 200 if role == "anonymous" else signed_in_status for role in ROLES}


CASES = [
    Case("home", "GET", lambda w: reverse("portal:home"), reads()),
    Case("users", "GET", lambda w: reverse("portal:users"), reads()),
    Case(
        "users",
        "POST",
        lambda w: reverse("portal:users"),
        # Focal points invite into their own mission (B's and the observer's into theirs).
        {**reads(mission_users=302), "a_delegate": 403},
        data={"email": "new@matrix.example", "role": "delegate"},
    ),
    Case("documents", "GET", lambda w: reverse("portal:documents"), reads()),
    Case("api-token", "GET", lambda w: reverse("portal:api-token"), reads()),
    Case(
        "api-token",
        "POST",
        lambda w: reverse("portal:api-token"),
        # Focal points create their own mission's token (the page shows it once).
        {**reads(), "a_delegate": 403},
        data={"label": "Matrix system"},
    ),
    Case(
        "api-token-revoke",
        "POST",
        lambda w: reverse("portal:api-token-revoke", args=[w.api_token.pk]),
        on_mission_a(),
    ),
    Case(
        "user-remove",
        "POST",
        lambda w: reverse("portal:user-remove", args=[w.a_delegate.pk]),
        on_mission_a(),
    ),
    Case(
        "user-role",
        "POST",
        lambda w: reverse("portal:user-role", args=[w.a_delegate.pk]),
        on_mission_a(),
        data={"role": "focal_point"},
    ),
    Case(
        "invitation-revoke",
        "POST",
        lambda w: reverse("portal:invitation-revoke", args=[w.invitation.pk]),
        on_mission_a(),
    ),
    Case("registrations", "GET", lambda w: reverse("portal:registrations"), reads()),
    Case(
        "registration",
        "GET",
        lambda w: reverse("portal:registration", args=[w.session.key]),
        reads(),
    ),
    Case(
        "delegate-add",
        "POST",
        lambda w: reverse("portal:delegate-add", args=[w.session.key]),
        # Focal points add to their own mission's delegation.
        {**reads(mission_users=302), "a_delegate": 403},
        data={"position": "adviser", "name": "New Adviser", "email": "adviser@matrix.example"},
    ),
    Case(
        "delegate-remove",
        "POST",
        lambda w: reverse("portal:delegate-remove", args=[w.session.key, w.delegate.pk]),
        on_mission_a(),
    ),
    Case(
        "letter",
        "GET",
        lambda w: reverse("portal:letter", args=[w.session.key]),
        {**on_mission_a(), "a_focal": 200, "a_delegate": 200},
    ),
    Case(
        "letter-upload",
        "POST",
        lambda w: reverse("portal:letter-upload", args=[w.session.key]),
        {**reads(mission_users=302), "a_delegate": 403},
        data={"letter": "pdf"},
    ),
    Case(
        "registration-submit",
        "POST",
        lambda w: reverse("portal:registration-submit", args=[w.session.key]),
        # The others have nothing to submit: a message, nothing changes.
        {**reads(mission_users=302), "a_delegate": 403},
    ),
    Case(
        "registration-withdraw",
        "POST",
        lambda w: reverse("portal:registration-withdraw", args=[w.session.key]),
        on_mission_a(),
    ),
    # Signing in and the account's own pages: open to anyone, and the signed-in are sent on.
    Case("login", "GET", lambda w: reverse("portal:login"), open_pages(302)),
    Case("logout", "POST", lambda w: reverse("portal:logout"), {r: 302 for r in ROLES}),
    Case("password-reset", "GET", lambda w: reverse("portal:password-reset"), open_pages()),
    Case(
        "password-reset-sent", "GET", lambda w: reverse("portal:password-reset-sent"), open_pages()
    ),
    Case(
        "password-reset-confirm",
        "GET",
        lambda w: reverse("portal:password-reset-confirm", args=["MQ", "no-such-token"]),
        open_pages(),
    ),
    Case(
        "invitation-accept",
        "GET",
        lambda w: reverse("portal:invitation-accept", args=[w.token]),
        open_pages(),
    ),
    Case(
        "two-factor",
        "GET",
        lambda w: reverse("portal:two-factor"),
        # Past their code already: those with a device (focal points; staff, whom the admin asks
        # for one) see the form again; the others set one up.
        {
            "anonymous": 302,
            "a_focal": 200,
            "a_delegate": 302,
            "b_focal": 200,
            "observer": 200,
            "viewer": 200,
            "editor": 200,
        },
    ),
    Case(
        "two-factor-setup",
        "GET",
        lambda w: reverse("portal:two-factor-setup"),
        {
            "anonymous": 302,
            "a_focal": 302,
            "a_delegate": 200,
            "b_focal": 302,
            "observer": 302,
            "viewer": 302,
            "editor": 302,
        },
    ),
]


@dataclass
class World:
    missions: Missions
    a_delegate: MissionMember
    invitation: MissionInvitation
    token: str
    session: Session
    delegate: Delegate
    api_token: MissionToken
    secrets: dict[str, str]  # the API tokens of missions A and B
    registration: Registration
    other_session: Session  # open for registration, where nobody has registered yet


@pytest.fixture
def world(missions, editor) -> World:  # noqa: F811 (the fixture imported above)
    invited = service.mission_invite(
        mission=missions.a, email="open@arcadia.example", role="delegate", by=missions.a_focal.user
    )
    session = SessionFactory.create(key="council-150")
    now = timezone.now()
    registrations.registration_period_open(
        session=session,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        by=editor,
    )
    by = missions.a_focal.user
    registration = registrations.registration_of(session=session, mission=missions.a, by=by)
    delegate = registrations.delegate_add(
        registration=registration, by=by, position="head", name="Ana", email="ana@arcadia.example"
    )
    letter = upload("letter.pdf", pdf_bytes("Credentials"))
    registrations.registration_letter_attach(
        registration=registration,
        name=str(letter.name),
        content=letter,
        size=letter.size or 0,
        by=by,
    )
    tokens = {
        role: service.mission_token_create(mission=member.mission, label="", by=member.user)
        for role, member in (("token_a", missions.a_focal), ("token_b", missions.b_focal))
    }
    other = SessionFactory.create(key="council-151")
    registrations.registration_period_open(
        session=other,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        by=editor,
    )
    return World(
        missions,
        missions.a_delegate,
        invited.invitation,
        invited.token,
        session,
        delegate,
        tokens["token_a"].token,
        {role: issued.secret for role, issued in tokens.items()},
        registration,
        other,
    )


def client_for(role: str, w: World, viewer, editor) -> Client:
    m = w.missions
    members = {
        "a_focal": m.a_focal,
        "a_delegate": m.a_delegate,
        "b_focal": m.b_focal,
        "observer": m.observer_focal,
    }
    if role in members:
        return signed_in(members[role])
    client = Client()
    if role in ("viewer", "editor"):
        client.force_login(viewer if role == "viewer" else editor)
    return client


def mission_a_state(w: World) -> tuple:
    a = w.missions.a
    return (
        sorted(MissionMember.objects.filter(mission=a).values_list("user__email", "role")),
        sorted(MissionInvitation.objects.filter(mission=a).values_list("email", "revoked_at")),
        sorted(Registration.objects.filter(mission=a).values_list("status", "letter_sha256")),
        sorted(Delegate.objects.filter(registration__mission=a).values_list("email", "position")),
        sorted(MissionToken.objects.filter(mission=a).values_list("prefix", "revoked_at")),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[f"{c.name} {c.method}" for c in CASES])
def test_portal_url(case, role, world, viewer, editor):
    client = client_for(role, world, viewer, editor)
    before = mission_a_state(world)
    data = dict(case.data or {})
    if data.get("letter") == "pdf":
        data["letter"] = upload("letter.pdf", pdf_bytes("Another letter"))
    send = client.get if case.method == "GET" else client.post
    response = send(case.url(world), data)
    expected = case.expect[role]
    assert response.status_code == expected, f"{case.name} as {role}: {response.status_code}"
    if role == "anonymous" and expected == 302 and case.name not in ("logout",):
        assert response["Location"].startswith(reverse("portal:login"))
    acts_on_a = case.method == "POST" and role == "a_focal" and case.name != "logout"
    if not acts_on_a and case.name != "logout":
        assert mission_a_state(world) == before, f"{case.name} as {role} changed mission A"


def test_another_missions_users_and_addresses_never_show(world):
    """Mission B's focal point reads its own users page: nothing of mission A's."""
    html = signed_in(world.missions.b_focal).get(reverse("portal:users")).content.decode()
    assert "arcadia" not in html.lower()


def test_every_portal_url_is_in_the_matrix():
    names = {
        name.removeprefix("portal:")
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith("portal/")
    }
    covered = {case.name for case in CASES}
    assert sorted(names - covered) == []


# Who finds what is restricted to Member States with the site's search (page and API): the users of
# a current Member State's mission, past their second factor; nobody else.
SEARCH_FINDS_RESTRICTED = {
    "anonymous": False,
    "a_focal": True,
    "a_delegate": True,
    "b_focal": True,
    "observer": False,
    "viewer": False,
    "editor": False,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_search_follows_the_readers_mission(role, world, viewer, editor):
    from governance.services.search_index import search_index_rebuild
    from tests.factories import DocumentFactory

    DocumentFactory.create(symbol="MC/9944", title="Restricted tamarind paper", access="restricted")
    DocumentFactory.create(symbol="MC/9945", title="Public tamarind paper")
    search_index_rebuild()
    client = client_for(role, world, viewer, editor)
    expected = ["MC/9944", "MC/9945"] if SEARCH_FINDS_RESTRICTED[role] else ["MC/9945"]
    api = client.get("/api/v1/search/", {"q": "tamarind"})
    assert sorted(hit["key"] for hit in api.json()["results"]) == expected, role
    page = client.get("/search/", {"q": "tamarind"}).content.decode()
    assert ("/documents/MC/9944/" in page or "MC/9944" in page) == SEARCH_FINDS_RESTRICTED[role]
    assert "/documents/MC/9945/" in page


# --- the registrations API -------------------------------------------------------------------

API_ROLES = (*ROLES, "token_a", "token_b")


def api(token_a: int, token_b: int = 404, secretariat: int = 403) -> dict[str, int]:
    """An operation on mission A's registration: A's token may, B's finds no such record; the
    secretariat's accounts read (or are refused a write); people signed in are refused (a
    mission's system uses its token); anonymous must authenticate."""
    expect = {role: 403 for role in API_ROLES}
    expect.update(anonymous=401, token_a=token_a, token_b=token_b)
    expect.update(viewer=secretariat, editor=secretariat)
    return expect


@dataclass(frozen=True)
class ApiCase:
    method: str
    path: str  # as the OpenAPI description writes it
    expect: dict[str, int]
    data: Callable[[Any], Any] | None = None
    multipart: bool = False

    def url(self, w: World) -> str:
        return self.path.replace("{id}", str(w.registration.pk)).replace(
            "{delegate_id}", str(w.delegate.pk)
        )


REGISTRATIONS = "/api/v1/registrations/"
API_CASES = [
    ApiCase("GET", REGISTRATIONS, api(200, 200, secretariat=200)),
    # Each token registers its own mission for the other session (B's changes nothing of A's).
    ApiCase(
        "POST",
        REGISTRATIONS,
        api(201, 201),
        data=lambda w: {
            "session": w.other_session.key,
            "delegates": [{"position": "head", "name": "Head", "email": "head@matrix.example"}],
        },
    ),
    ApiCase("GET", REGISTRATIONS + "{id}/", api(200, secretariat=200)),
    ApiCase(
        "POST",
        REGISTRATIONS + "{id}/delegates/",
        api(201),
        data=lambda w: {"position": "adviser", "name": "Adviser", "email": "adv@matrix.example"},
    ),
    ApiCase("DELETE", REGISTRATIONS + "{id}/delegates/{delegate_id}/", api(200)),
    ApiCase(
        "POST",
        REGISTRATIONS + "{id}/letter/",
        api(200),
        data=lambda w: {"letter": upload("letter.pdf", pdf_bytes("Another letter"))},
        multipart=True,
    ),
    ApiCase("POST", REGISTRATIONS + "{id}/submit/", api(200)),
    ApiCase("POST", REGISTRATIONS + "{id}/withdraw/", api(200)),
]


def api_client_for(role: str, w: World, viewer, editor) -> Client:
    if role in w.secrets:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {w.secrets[role]}")
        return client
    return client_for(role, w, viewer, editor)


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[f"{c.method} {c.path}" for c in API_CASES])
def test_registration_api(case, role, world, viewer, editor):
    client = api_client_for(role, world, viewer, editor)
    before = mission_a_state(world)
    url = case.url(world)
    data = case.data(world) if case.data else None
    send = getattr(client, case.method.lower())
    if case.multipart:
        response = send(url, data)
    elif data is not None:
        response = send(url, json.dumps(data), content_type="application/json")
    else:
        response = send(url)
    expected = case.expect[role]
    assert response.status_code == expected, (
        f"{case.method} {case.path} as {role}: {response.status_code} {response.content[:200]}"
    )
    if not (role == "token_a" and case.method != "GET"):
        assert mission_a_state(world) == before, f"{case.method} {case.path} as {role} changed A"
    else:
        assert mission_a_state(world) != before, "the payload proves nothing"


def test_every_registration_api_operation_is_in_the_matrix():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        if path.startswith(REGISTRATIONS)
        for method in methods
    }
    covered = {(case.method, case.path) for case in API_CASES}
    assert (sorted(operations - covered), sorted(covered - operations)) == ([], [])
