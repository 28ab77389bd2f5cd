"""A ministry's own system registers its delegation through the API with its mission's token;
the secretariat reads every registration. The rules are the portal's (the same services): a bad
letter, a change after closing, a delegate twice, a person in two delegations are refused with a
message in the request's language, and nothing changes. Another mission's records answer 404."""

# The portal's fixtures are imported by name, and taken by name as arguments.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from governance.services import missions as missions_service
from meetings.models import Delegate, Registration, RegistrationEvent, RegistrationPeriod
from meetings.services import registrations as service
from tests.factories import SessionFactory
from tests.factories.files import pdf_bytes, upload
from tests.meetings.portal.conftest import (  # noqa: F401 (fixtures, used by name)
    Missions,
    add_user,
    fast_passwords,
    missions,
    signed_in,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/registrations/"
HEAD = {
    "position": "head",
    "honorific": "H.E. Ms.",
    "name": "Ana Arcadian",
    "functional_title": "Ambassador",
    "email": "ana@arcadia.example",
}
REPRESENTATIVE = {
    "position": "representative",
    "honorific": "Mr.",
    "name": "Bo Arcadian",
    "functional_title": "Counsellor",
    "email": "bo@arcadia.example",
}
ADVISER = {
    "position": "adviser",
    "honorific": "Dr.",
    "name": "Cy Arcadian",
    "functional_title": "Legal adviser",
    "email": "cy@arcadia.example",
}


def open_session(editor, key: str = "council-160", *, max_bytes: int = 50_000):
    session = SessionFactory.create(key=key)
    now = dt.datetime.now(dt.UTC)
    service.registration_period_open(
        session=session,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=3),
        letter_max_bytes=max_bytes,
        by=editor,
    )
    return session


@pytest.fixture
def session(editor):
    return open_session(editor)


def token_client(member, language: str = "en") -> APIClient:
    issued = missions_service.mission_token_create(
        mission=member.mission, label="ministry", by=member.user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}", HTTP_ACCEPT_LANGUAGE=language)
    return client


@pytest.fixture
def a(missions) -> APIClient:
    return token_client(missions.a_focal)


@pytest.fixture
def b(missions) -> APIClient:
    return token_client(missions.b_focal)


def state() -> tuple:
    """Everything a refused request must leave as it was."""
    return (
        sorted(Registration.objects.values_list("mission_id", "status", "letter_sha256")),
        sorted(Delegate.objects.values_list("registration_id", "email", "position")),
        RegistrationEvent.objects.count(),
    )


def letter(name: str = "credentials.pdf", content: bytes | None = None):
    return upload(name, content if content is not None else pdf_bytes("Credentials of Arcadia"))


def registered(a: APIClient, session, *delegates: dict) -> dict:
    response = a.post(
        URL, {"session": session.key, "delegates": list(delegates or [HEAD])}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_register_upload_submit_amend_and_the_secretariat_sees_the_amendment(
    a, session, viewer, missions
):
    created = registered(a, session, HEAD, REPRESENTATIVE)
    assert (created["session"], created["mission"], created["status"]) == (
        "council-160",
        {"key": "arcadia", "name": "Arcadia", "kind": "member_state"},
        "draft",
    )
    assert [(d["position"], d["email"]) for d in created["delegates"]] == [
        ("head", "ana@arcadia.example"),
        ("representative", "bo@arcadia.example"),
    ]
    assert (created["letter"], created["letter_needed"]) == (None, "credentials")
    detail = f"{URL}{created['id']}/"

    uploaded = a.post(f"{detail}letter/", {"letter": letter()}, format="multipart")
    assert uploaded.status_code == 200, uploaded.json()
    assert uploaded.json()["letter"]["name"] == "credentials.pdf"
    assert uploaded.json()["letter"]["media_type"] == "application/pdf"

    submitted = a.post(f"{detail}submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"

    amended = a.post(f"{detail}delegates/", ADVISER, format="json")
    assert amended.status_code == 201
    adviser = amended.json()["delegates"][-1]
    assert adviser["email"] == "cy@arcadia.example"
    removed = a.delete(f"{detail}delegates/{created['delegates'][1]['id']}/")
    assert removed.status_code == 200

    secretariat = Client()
    secretariat.force_login(viewer)
    seen = secretariat.get(detail).json()
    assert seen["status"] == "submitted"
    assert [d["email"] for d in seen["delegates"]] == ["ana@arcadia.example", "cy@arcadia.example"]
    assert [(e["kind"], e["is_amendment"]) for e in seen["events"]] == [
        ("created", False),
        ("delegate added", False),
        ("delegate added", False),
        ("letter uploaded", False),
        ("submitted", False),  # the first submission is not an amendment
        ("delegate added", True),
        ("delegate removed", True),
    ]
    assert seen["events"][-2]["text"] == "Adviser: Dr. Cy Arcadian <cy@arcadia.example>"
    # The events name who acted: the focal point whose token it is.
    assert set(RegistrationEvent.objects.values_list("by", flat=True)) == {missions.a_focal.user.pk}
    assert [r["id"] for r in secretariat.get(URL).json()["results"]] == [created["id"]]
    assert [r["id"] for r in secretariat.get(URL, {"mission": "arcadia"}).json()["results"]] == [
        created["id"]
    ]
    assert secretariat.get(URL, {"mission": "borduria"}).json()["results"] == []


def test_a_letter_that_is_not_a_pdf_or_image_or_too_large_is_refused(a, session):
    detail = f"{URL}{registered(a, session)['id']}/"
    before = state()
    fake = a.post(
        f"{detail}letter/", {"letter": letter("letter.pdf", b"just text")}, format="multipart"
    )
    assert fake.status_code == 400
    assert list(fake.json()) == ["letter"]
    big = a.post(
        f"{detail}letter/",
        {"letter": letter("big.pdf", pdf_bytes("x" * 60_000))},
        format="multipart",
    )
    assert big.status_code == 400
    assert list(big.json()) == ["letter"]
    missing = a.post(f"{detail}letter/", {}, format="multipart")
    assert missing.status_code == 400
    assert state() == before


def test_nothing_changes_after_registration_closed_and_the_message_is_in_french(missions, session):
    a = token_client(missions.a_focal, language="fr")
    detail = f"{URL}{registered(a, session)['id']}/"
    RegistrationPeriod.objects.filter(session=session).update(
        closes_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    before = state()
    for response in (
        a.post(f"{detail}delegates/", REPRESENTATIVE, format="json"),
        a.post(f"{detail}letter/", {"letter": letter()}, format="multipart"),
        a.post(f"{detail}submit/"),
    ):
        assert response.status_code == 400
        (message,) = response.json()["non_field_errors"]
        assert message.startswith("L'inscription à cette session s'est terminée le "), message
    assert state() == before


def test_a_delegate_twice_and_a_person_in_two_delegations_are_refused(a, b, session):
    detail = f"{URL}{registered(a, session)['id']}/"
    before = state()
    twice = a.post(f"{detail}delegates/", {**HEAD, "position": "alternate"}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {"email": ["This person is in the delegation already."]}
    second_head = a.post(f"{detail}delegates/", {**ADVISER, "position": "head"}, format="json")
    assert second_head.json() == {"position": ["The delegation has a head already."]}
    # Mission B names A's head (second in its list): nothing of B's is stored.
    other = b.post(
        URL,
        {
            "session": session.key,
            "delegates": [
                {**HEAD, "email": "head@borduria.example"},
                {**REPRESENTATIVE, "email": "ANA@arcadia.example"},
            ],
        },
        format="json",
    )
    assert other.status_code == 400
    assert other.json() == {
        "delegates": [{}, {"email": ["This person is in another delegation to this session."]}]
    }
    assert state() == before
    again = a.post(URL, {"session": session.key, "delegates": [ADVISER]}, format="json")
    assert again.json() == {"session": ["This mission has registered for this session already."]}
    assert state() == before


def test_one_missions_token_never_reaches_another_missions_registration(a, b, session, missions):
    created = registered(a, session)
    detail = f"{URL}{created['id']}/"
    head = created["delegates"][0]["id"]
    before = state()
    assert b.get(URL).json()["results"] == []
    for response in (
        b.get(detail),
        b.post(f"{detail}delegates/", ADVISER, format="json"),
        b.delete(f"{detail}delegates/{head}/"),
        b.post(f"{detail}letter/", {"letter": letter()}, format="multipart"),
        b.post(f"{detail}submit/"),
        b.post(f"{detail}withdraw/"),
    ):
        assert response.status_code == 404
        assert response.json() == b.get(f"{URL}999999/").json()
    assert state() == before
    assert [r["id"] for r in a.get(URL, {"session": session.key}).json()["results"]] == [
        created["id"]
    ]


def test_revoked_tokens_and_tokens_of_a_removed_focal_point_are_refused(missions, session):
    issued = missions_service.mission_token_create(
        mission=missions.a, label="", by=missions.a_focal.user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.secret}")
    assert client.get(URL).status_code == 200
    missions_service.mission_token_revoke(token=issued.token, by=missions.a_focal.user)
    refused = client.get(URL)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This API token was revoked."}
    assert refused["WWW-Authenticate"] == 'Bearer realm="api"'

    second = add_user(missions.a, "second@arcadia.example", "focal_point", device=True)
    left = token_client(second)
    missions_service.mission_member_remove(member=second, by=missions.a_focal.user)
    assert left.get(URL).status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Bearer gcm_not-a-token")
    assert wrong.get(URL).json() == {"detail": "This API token is not valid."}


def test_the_token_records_its_last_use(a, missions):
    token = missions.a.api_tokens.get()
    assert token.last_used_at is None
    a.get(URL)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_tokens_write_and_only_the_secretariat_reads_all(a, session, viewer, editor, missions):
    created = registered(a, session)
    before = state()
    for user in (viewer, editor):
        client = Client()
        client.force_login(user)
        assert client.get(f"{URL}{created['id']}/").status_code == 200
        assert client.post(f"{URL}{created['id']}/submit/").status_code == 403
    portal_user = signed_in(missions.a_focal)  # a person, not a system: the portal is theirs
    assert portal_user.get(URL).status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 401
    assert state() == before


def test_withdraw(a, session):
    detail = f"{URL}{registered(a, session)['id']}/"
    assert a.post(f"{detail}withdraw/").json()["status"] == "withdrawn"
    refused = a.post(f"{detail}delegates/", ADVISER, format="json")
    assert refused.json() == {"non_field_errors": ["This registration was withdrawn."]}


def _registrations(missions: Missions, editor, sessions: int) -> None:
    """`sessions` more open sessions, each with A's and B's registrations of three delegates
    and a letter."""
    start = RegistrationPeriod.objects.count()
    for i in range(start, start + sessions):
        session = open_session(editor, f"council-{200 + i}")
        for member, name in ((missions.a_focal, "a"), (missions.b_focal, "b")):
            registration = service.registration_create(
                session=session,
                mission=member.mission,
                delegates=[
                    {**d, "email": f"{name}{i}-{d['email']}"}
                    for d in (HEAD, REPRESENTATIVE, ADVISER)
                ],
                by=member.user,
            )
            upload_ = letter()
            service.registration_letter_attach(
                registration=registration,
                name="credentials.pdf",
                content=upload_,
                size=upload_.size or 0,
                by=member.user,
            )


# The token (with its mission and creator), its last use, the count and the page, and one query
# per prefetched relation (the mission's memberships, the delegates, the events).
TOKEN_LIST_QUERIES = 7
# The session, its user and its second-factor device (django-otp's middleware), the user's
# permissions (its own and its groups'), the count and the page, the three prefetches.
SECRETARIAT_LIST_QUERIES = 10


def test_list_queries_do_not_grow_with_the_registrations(
    a, missions, editor, viewer, django_assert_num_queries
):
    secretariat = Client()
    secretariat.force_login(viewer)
    for sessions in (1, 5):
        _registrations(missions, editor, sessions)
        with django_assert_num_queries(TOKEN_LIST_QUERIES):
            mine = a.get(URL, {"limit": 200}).json()
        with django_assert_num_queries(SECRETARIAT_LIST_QUERIES):
            every = secretariat.get(URL, {"limit": 200}).json()
        with django_assert_num_queries(TOKEN_LIST_QUERIES - 1):  # a detail counts no rows
            a.get(f"{URL}{mine['results'][0]['id']}/")
    assert (mine["count"], every["count"]) == (6, 12)
    assert {r["mission"]["key"] for r in mine["results"]} == {"arcadia"}


def test_each_token_is_throttled_on_its_own(a, b, monkeypatch):
    from django.core.cache import cache

    from config.throttling import MissionRateThrottleFailOpen

    cache.clear()
    monkeypatch.setattr(MissionRateThrottleFailOpen, "THROTTLE_RATES", {"mission": "3/minute"})
    assert [a.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = a.get(URL)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert b.get(URL).status_code == 200


def test_the_schema_describes_the_token_and_every_operation():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["missionToken"]["scheme"] == "bearer"
    operations = {
        (method, path): operation
        for path, methods in schema["paths"].items()
        if path.startswith(URL)
        for method, operation in methods.items()
    }
    assert sorted(operations) == [
        ("delete", "/api/v1/registrations/{id}/delegates/{delegate_id}/"),
        ("get", "/api/v1/registrations/"),
        ("get", "/api/v1/registrations/{id}/"),
        ("post", "/api/v1/registrations/"),
        ("post", "/api/v1/registrations/{id}/delegates/"),
        ("post", "/api/v1/registrations/{id}/letter/"),
        ("post", "/api/v1/registrations/{id}/submit/"),
        ("post", "/api/v1/registrations/{id}/withdraw/"),
    ]
    for operation in operations.values():
        assert {"missionToken": []} in operation["security"]
        assert {} not in operation["security"]
        assert {"401", "403", "429"} <= set(operation["responses"])
    letter_body = operations[("post", "/api/v1/registrations/{id}/letter/")]["requestBody"]
    assert list(letter_body["content"]) == ["multipart/form-data"]
