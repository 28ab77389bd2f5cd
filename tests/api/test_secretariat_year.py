"""The secretariat's year over the API: the same services as the admin, for editors only."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from meetings.models import Session, SessionDraft
from tests.factories import AgendaItemFactory, BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_everyone_else_is_refused(client, viewer):
    for path in ("/api/v1/compliance/", "/api/v1/exports/sessions/"):
        assert client.get(path).status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(viewer)
    assert api.post("/api/v1/planning/year/", {"year": 2027}, format="json").status_code == 403


def test_plan_a_year_preview_then_commit(editor_api):
    BodyFactory(sessions_per_year=1, usual_months=[11])
    preview = editor_api.post("/api/v1/planning/year/", {"year": 2027}, format="json")
    assert preview.status_code == 200 and preview.json()[0]["start_date"] == "2027-11-09"
    assert not Session.objects.exists()
    done = editor_api.post("/api/v1/planning/year/", {"year": 2027, "commit": True}, format="json")
    assert done.status_code == 201 and done.json()[0]["status"] == "tentative"


def test_special_session_and_agenda_states(editor_api):
    BodyFactory()
    made = editor_api.post(
        "/api/v1/planning/special-sessions/",
        {"body": "council", "requested_on": "2027-03-01", "start_date": "2027-04-20"},
        format="json",
    )
    assert made.status_code == 201
    key = made.json()["key"]
    DocumentFactory(symbol="MC/2300")
    ok = editor_api.post(
        f"/api/v1/sessions/{key}/agenda-states/",
        {"state": "provisional", "on": "2027-03-05", "document": "MC/2300"},
        format="json",
    )
    assert ok.status_code == 201
    bad = editor_api.post(
        f"/api/v1/sessions/{key}/agenda-states/",
        {"state": "revised", "on": "2027-04-20"},
        format="json",
    )
    assert bad.status_code == 400 and "adopt it first" in str(bad.json())
    editor_api.post(f"/api/v1/sessions/{key}/publish/")
    detail = APIClient().get(f"/api/v1/sessions/{key}/").json()
    assert detail["agenda_state"] == "provisional"
    assert [(v["state"], v["on"], v["document"]) for v in detail["agenda_history"]] == [
        ("provisional", "2027-03-05", "MC/2300")
    ]


def test_an_update_to_a_published_session_waits_for_publication(editor_api):
    session = SessionFactory(
        key="council-99", start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    AgendaItemFactory(session=session, label="1", title="Opening")
    response = editor_api.patch(
        "/api/v1/sessions/council-99/",
        {"start_date": "2031-05-11", "end_date": "2031-05-12"},
        format="json",
    )
    assert response.status_code == 202 and response.json()["start_date"] == "2031-05-05"
    put = editor_api.put(
        "/api/v1/sessions/council-99/draft/",
        {"agenda": [{"label": "1", "title": "Opening of the session"}]},
        format="json",
    )
    assert put.status_code == 200 and put.json()["values"]["start_date"] == "2031-05-11"
    assert APIClient().get("/api/v1/sessions/council-99/").json()["start_date"] == "2031-05-05"
    editor_api.post("/api/v1/sessions/council-99/publish/")
    public = APIClient().get("/api/v1/sessions/council-99/").json()
    assert (
        public["start_date"] == "2031-05-11"
        and public["agenda"][0]["title"] == "Opening of the session"
    )
    assert not SessionDraft.objects.exists()


def test_a_bad_draft_is_refused_with_reasons(editor_api):
    SessionFactory(key="council-99")
    for payload, message in [
        ({"values": {"start_date": "someday"}}, "start_date"),
        ({"values": {"uid": "x"}}, "cannot be changed"),
        ({"values": {"venue": "geneva"}}, "session endpoint"),
        ({"documents": [{"symbol": "MC/0000"}]}, "No document"),
        ({"values": {"notes": ["a"]}}, "plain value"),
        ({"agenda": [{"label": "1", "title": "Opening\r\nBcc: x@example.org"}]}, "Agenda item 1"),
        ({"agenda": [{"label": "1", "title": "x" * 401}]}, "400 characters"),
    ]:
        response = editor_api.put("/api/v1/sessions/council-99/draft/", payload, format="json")
        assert response.status_code == 400 and message in str(response.json()), payload
    assert not SessionDraft.objects.exists()


def test_csv_import_preview_commit_and_export(editor_api):
    BodyFactory()
    text = "body,number,start_date\ncouncil,99,2027-11-23\ncouncil,0,2027-11-23\n"
    preview = editor_api.post("/api/v1/imports/sessions/", text, content_type="text/csv")
    assert preview.status_code == 200
    assert preview.json()["summary"] == {"create": 1, "change": 0, "unchanged": 0, "refuse": 1}
    assert not Session.objects.exists()
    done = editor_api.post("/api/v1/imports/sessions/?commit=1", text, content_type="text/csv")
    assert done.json()["committed"] and Session.objects.get().number == 99
    exported = editor_api.get("/api/v1/exports/sessions/")
    assert exported["Content-Type"].startswith("text/csv") and b"council-99" in exported.content
    assert (
        editor_api.post(
            "/api/v1/imports/sessions/", "colour\nred\n", content_type="text/csv"
        ).status_code
        == 400
    )
    assert editor_api.get("/api/v1/exports/nothing/").status_code == 404


def test_compliance_over_the_api(editor_api):
    SessionFactory(key="council-99", start_date=dt.date.today() + dt.timedelta(days=40))
    (row,) = editor_api.get("/api/v1/compliance/").json()
    assert row["session"] == "council-99" and row["deadlines"]["notice"]["state"] == "open"
