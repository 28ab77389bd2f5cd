"""Writes are for secretariat editors only; unpublished sessions and their documents are invisible to others."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meetings.models import Session, SessionDocument
from tests.factories import BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def viewer_api(viewer):
    client = APIClient()
    client.force_authenticate(viewer)
    return client


@pytest.fixture
def hidden():
    session = SessionFactory(key="draft-council", number=99, is_published=False)
    document = DocumentFactory(symbol="MC/7777")
    SessionDocument.objects.create(session=session, document=document)
    return session


def test_editor_creates_a_session_then_reschedules_cancels_publishes(editor_api):
    BodyFactory()
    created = editor_api.post(
        "/api/v1/sessions/",
        {
            "body": "council",
            "number": 101,
            "kind": "regular",
            "start_date": "2031-11-24",
            "end_date": "2031-11-27",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    key = created.json()["key"]
    assert (key, created.json()["is_published"], created.json()["title"]) == (
        "council-101",
        False,
        "Hundred and first Session of the Council",
    )
    moved = editor_api.post(
        f"/api/v1/sessions/{key}/reschedule/",
        {"start_date": "2031-12-01", "end_date": "2031-12-04"},
        format="json",
    )
    assert (moved.status_code, moved.json()["start_date"], moved.json()["sequence"]) == (
        200,
        "2031-12-01",
        1,
    )
    assert Session.objects.get(key=key).revisions.count() == 2
    assert editor_api.post(f"/api/v1/sessions/{key}/publish/").json()["is_published"] is True
    assert (
        editor_api.post(
            f"/api/v1/sessions/{key}/cancel/", {"note": "no quorum"}, format="json"
        ).json()["status"]
        == "cancelled"
    )


def test_editor_adds_documents_and_agenda_items(editor_api):
    session = SessionFactory()
    document = editor_api.post(
        "/api/v1/documents/",
        {"symbol": "mc/2300/rev.1", "title": "Programme and Budget for 2031"},
        format="json",
    )
    assert (document.status_code, document.json()["symbol"]) == (201, "MC/2300/Rev.1")
    item = editor_api.post(
        f"/api/v1/sessions/{session.key}/agenda-items/",
        {"title": "Programme and Budget for 2031", "documents": ["MC/2300/Rev.1"]},
        format="json",
    )
    assert (item.status_code, item.json()["documents"]) == (201, ["MC/2300/Rev.1"])


def test_validation_errors_are_400_with_field_messages(editor_api):
    SessionFactory(number=96)
    bad = editor_api.post(
        "/api/v1/sessions/",
        {"body": "council", "number": 96, "start_date": "2031-11-27", "end_date": "2031-11-24"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()) >= {"end_date"}
    assert editor_api.post(
        "/api/v1/sessions/", {"body": "nope", "number": 5}, format="json"
    ).json()["body"] == ["Object with key=nope does not exist."]
    assert (
        "unknown suffix"
        in editor_api.post("/api/v1/documents/", {"symbol": "MC/1/Foo.1"}, format="json").json()[
            "symbol"
        ][0]
    )
    assert editor_api.post(
        "/api/v1/sessions/council-96/reschedule/",
        {"start_date": "2031-05-06", "end_date": "2031-05-05"},
        format="json",
    ).status_code in (400, 404)


def test_anonymous_gets_401_and_viewer_403_and_nothing_changes(client, viewer_api):
    session = SessionFactory()
    anonymous = APIClient()
    for api, code in ((anonymous, 401), (viewer_api, 403)):
        assert api.post(f"/api/v1/sessions/{session.key}/cancel/").status_code == code
        assert (
            api.patch(f"/api/v1/sessions/{session.key}/", {"notes": "x"}, format="json").status_code
            == code
        )
        assert (
            api.post("/api/v1/documents/", {"symbol": "MC/1234"}, format="json").status_code == code
        )
    session.refresh_from_db()
    assert (session.status, session.notes) == ("tentative", "")


def test_unpublished_sessions_and_their_documents_are_invisible_to_the_public(hidden):
    public = APIClient()
    assert public.get("/api/v1/sessions/draft-council/").status_code == 404
    assert "draft-council" not in [
        s["key"] for s in public.get("/api/v1/sessions/", {"limit": 500}).json()["results"]
    ]
    assert public.get("/api/v1/sessions/", {"is_published": "false"}).json()["count"] == 0
    assert public.get("/api/v1/documents/MC/7777/").status_code == 404
    assert public.get("/api/v1/documents/", {"symbol": "MC/7777"}).json()["count"] == 0
    assert public.get("/api/v1/documents/", {"q": "7777"}).json()["count"] == 0
    assert public.get("/api/v1/sessions/draft-council/reschedule/").status_code in (401, 404, 405)


def test_the_secretariat_sees_them(viewer_api, hidden):
    assert viewer_api.get("/api/v1/sessions/draft-council/").status_code == 200
    assert viewer_api.get("/api/v1/documents/MC/7777/").status_code == 200


def test_a_document_also_on_a_published_session_stays_visible(hidden):
    shared = SessionDocument.objects.get(session=hidden).document
    SessionDocument.objects.create(session=SessionFactory(), document=shared)
    assert APIClient().get("/api/v1/documents/MC/7777/").status_code == 200


def test_rescheduling_through_the_api_sends_one_change_notice(
    editor_api, django_capture_on_commit_callbacks
):
    from meetings.signals import session_schedule_changed

    session = SessionFactory(start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    received = []
    session_schedule_changed.connect(
        lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="api-test"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            editor_api.post(
                f"/api/v1/sessions/{session.key}/reschedule/",
                {"start_date": "2031-05-11", "end_date": "2031-05-12"},
                format="json",
            )
    finally:
        session_schedule_changed.disconnect(dispatch_uid="api-test")
    assert [r["changes"]["start_date"] for r in received] == [
        (dt.date(2031, 5, 5), dt.date(2031, 5, 11))
    ]
