"""Writes are for secretariat editors only; unpublished sessions and their documents are invisible to others."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meetings.models import PendingChange, Session, SessionDocument
from tests.factories import BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def viewer_api(viewer):
    # Signed in as a browser is (a session cookie), so the page store never answers for it.
    client = APIClient()
    client.force_login(viewer)
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


def test_rescheduling_through_the_api_holds_one_change_notice(editor_api):
    session = SessionFactory(start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    editor_api.post(
        f"/api/v1/sessions/{session.key}/reschedule/",
        {"start_date": "2031-05-11", "end_date": "2031-05-12"},
        format="json",
    )
    assert [p.changes["start_date"] for p in PendingChange.objects.all()] == [
        ["2031-05-05", "2031-05-11"]
    ]


@pytest.fixture
def restricted_report():
    report = DocumentFactory(symbol="MC/7801", access="restricted")
    session = SessionFactory(key="open-council", report=report)
    return session


@pytest.mark.parametrize("params", [{}, {"year": "2030"}])
def test_a_restricted_report_is_null_to_anonymous_readers_on_both_list_paths_and_the_detail(
    restricted_report, params
):
    public = APIClient()
    listed = public.get("/api/v1/sessions/", params).json()["results"]
    assert [(s["key"], s["report"]) for s in listed] == [("open-council", None)]
    assert public.get("/api/v1/sessions/open-council/").json()["report"] is None


def test_the_secretariat_is_told_the_restricted_report(restricted_report, viewer_api):
    listed = viewer_api.get("/api/v1/sessions/").json()["results"]
    assert [(s["key"], s["report"]) for s in listed] == [("open-council", "MC/7801")]
    assert viewer_api.get("/api/v1/sessions/open-council/").json()["report"] == "MC/7801"


def test_decisions_name_only_documents_and_decisions_anonymous_readers_may_see(viewer_api):
    from tests.factories import DecisionFactory

    hidden = DecisionFactory(key="hidden-one", session=SessionFactory(is_published=False))
    decision = DecisionFactory(key="open-one", resolution_number=1500)
    public = DocumentFactory(symbol="MC/7810")
    decision.documents.add(
        public,
        DocumentFactory(symbol="MC/7811", access="restricted"),
        DocumentFactory(symbol="MC/7812", is_published=False),
    )
    decision.recalls.add(hidden)
    anonymous = APIClient()
    for path in ("/api/v1/decisions/", "/api/v1/resolutions/"):
        written = anonymous.get(path).json()["results"]
        assert [(d["key"], d["documents"], d["recalls"]) for d in written] == [
            ("open-one", ["MC/7810"], [])
        ]
    detail = anonymous.get(f"/api/v1/sessions/{decision.session.key}/").json()["decisions"]
    assert [(d["documents"], d["recalls"]) for d in detail] == [(["MC/7810"], [])]
    seen = viewer_api.get("/api/v1/decisions/open-one/").json()
    assert (seen["documents"], seen["recalls"]) == (
        ["MC/7810", "MC/7811", "MC/7812"],
        ["hidden-one"],
    )


def test_tombstones_of_never_public_records_are_listed_to_the_secretariat_only(viewer_api):
    from meetings.models import Tombstone

    SessionFactory(key="never-shown", is_published=False).delete()
    DocumentFactory(symbol="MC/7820", access="restricted").delete()
    SessionFactory(key="was-shown").delete()
    assert set(Tombstone.objects.values_list("key", "was_public")) == {
        ("never-shown", False),
        ("MC/7820", False),
        ("was-shown", True),
    }
    public = APIClient().get("/api/v1/tombstones/").json()
    assert [t["key"] for t in public["results"]] == ["was-shown"]
    everything = viewer_api.get("/api/v1/tombstones/").json()["results"]
    assert [t["key"] for t in everything] == ["never-shown", "MC/7820", "was-shown"]


def test_a_cascade_records_whether_each_deleted_row_was_public():
    from meetings.models import Tombstone
    from tests.factories import MeetingFactory

    MeetingFactory(session=SessionFactory(key="open-s")).session.delete()
    MeetingFactory(session=SessionFactory(key="closed-s", is_published=False)).session.delete()
    assert sorted(Tombstone.objects.values_list("model", "was_public")) == [
        ("meetings.meeting", False),
        ("meetings.meeting", True),
        ("meetings.session", False),
        ("meetings.session", True),
    ]


def test_a_document_names_its_restricted_parent_only_to_the_secretariat(viewer_api):
    DocumentFactory(symbol="MC/7830", access="restricted")
    DocumentFactory(symbol="MC/7830/Corr.1")
    assert APIClient().get("/api/v1/documents/MC/7830/Corr.1/").json()["parent"] is None
    assert viewer_api.get("/api/v1/documents/MC/7830/Corr.1/").json()["parent"] == "MC/7830"


def test_an_admission_at_an_unpublished_session_names_no_decision_to_anonymous_readers(
    viewer_api,
):
    from meetings.models import Admission
    from tests.factories import DecisionFactory, MembershipFactory

    membership = MembershipFactory()
    decision = DecisionFactory(key="secret-admission", session=SessionFactory(is_published=False))
    Admission.objects.create(decision=decision, membership=membership)
    path = f"/api/v1/memberships/{membership.pk}/"
    assert APIClient().get(path).json()["admitted_by"] is None
    assert viewer_api.get(path).json()["admitted_by"] == "secret-admission"
