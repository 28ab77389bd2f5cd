"""Read endpoints: what a page shows, found by key or symbol, filtered, counted, conditional."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_session_with_its_meetings_agenda_bureau_history_decisions_and_documents(api, seeded):
    data = api.get("/api/v1/sessions/council-95/").json()
    assert data["title"] == "Ninety-fifth (Special) Session of the Council"
    assert data["titles"]["fr"] == "Quatre-vingt-quinzième session (extraordinaire) du Conseil"
    assert [m["part"] for m in data["meetings"]] == ["morning"]
    assert [a["title"] for a in data["agenda"]] == [
        "Confirmation of the Bureau's composition",
        "Applications for membership",
        "Application for membership from Mongolia",
        "Application for membership from the Republic of India",
        "Application for membership from the Somali Republic",
        "Election of a Director General",
    ]
    assert {(b["role"], b["state"], b["is_acting"]) for b in data["bureau"]} >= {
        ("chairperson", "spain", True),
        ("first_vice_chairperson", "venezuela", False),
    }
    assert {d["key"] for d in data["decisions"]} == {
        "council-95-admissions",
        "council-95-dg-election",
        "council-95-bureau-confirmation",
    }
    assert {
        "key": "MC/2251",
        "symbol": "MC/2251",
        "title": "Report on the Ninety-fifth (Special) Session of the Council",
        "title_fr": "",
        "title_es": "",
        "role": "report",
    } in data["documents"]
    assert data["source"]["place"] == "MC/2278, paragraph 17"


def test_schedule_revisions_in_the_session(api, seeded):
    revisions = api.get("/api/v1/sessions/scpf-4/").json()["schedule_revisions"]
    assert [
        (r["kind"], r["start_date"], r["is_latest"], r["conflicts_with"]) for r in revisions
    ] == [
        ("announced", "2009-05-05", False, None),
        ("announced", "2009-05-04", False, 1),
        ("changed", "2009-05-11", True, None),
    ]


@pytest.mark.parametrize(
    "path", ["/api/v1/documents/MC/2216/Corr.1/Rev.1/", "/api/v1/documents/mc/2216/corr.1/rev.1/"]
)
def test_a_document_by_its_symbol_in_the_path(api, seeded, path):
    data = api.get(path).json()
    assert (data["symbol"], data["parent"], data["parts"]) == (
        "MC/2216/Corr.1/Rev.1",
        "MC/2216",
        [["Corr", 1], ["Rev", 1]],
    )


def test_a_document_by_symbol_parameter_and_a_bad_symbol(api, seeded):
    assert [
        d["key"] for d in api.get("/api/v1/documents/", {"symbol": "mc/ex/690"}).json()["results"]
    ] == ["MC/EX/690"]
    response = api.get("/api/v1/documents/", {"symbol": "XY/1"})
    assert response.status_code == 400 and "unknown series 'XY'" in response.json()["symbol"][0]


def test_filters_body_status_year_and_date_range(api, seeded):
    def keys(**q):
        return [
            s["key"] for s in api.get("/api/v1/sessions/", {**q, "limit": 100}).json()["results"]
        ]

    assert keys(body="scpf", year=2009) == ["scpf-4", "scpf-5"]
    assert keys(body="council", start_after="2009-06-01", start_before="2009-12-31") == [
        "council-97",
        "council-98",
    ]
    assert api.get("/api/v1/sessions/", {"year": "abc"}).status_code == 400


def test_membership_counts_at_a_date(api, seeded):
    assert api.get("/api/v1/memberships/counts/", {"on": "2008-12-31"}).json() == {
        "on": "2008-12-31",
        "member": 125,
        "observer": 4,
    }
    assert api.get("/api/v1/memberships/counts/", {"on": "31/12/2008"}).status_code == 400
    members = api.get(
        "/api/v1/memberships/", {"on": "2008-06-18", "status": "member", "limit": 200}
    ).json()
    assert {m["entity"] for m in members["results"]} == {"mongolia", "india", "somalia"}


def test_resolutions_by_number_and_offices_by_person(api, seeded):
    assert api.get("/api/v1/resolutions/1150/").json()["label"] == "Resolution No. 1150 (XCIII)"
    offices = api.get("/api/v1/offices/", {"person": "javier-garrigues"}).json()["results"]
    assert [(o["session"], o["role"], o["is_acting"]) for o in offices] == [
        ("scpf-2", "chairperson", True),
        ("council-95", "chairperson", True),
        ("scpf-3", "chairperson", True),
    ]


def test_etag_and_304_on_lists_and_details(api, seeded):
    for path in ("/api/v1/sessions/", "/api/v1/sessions/council-96/"):
        first = api.get(path)
        assert first.has_header("ETag")
        assert api.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_unknown_keys_are_404(api, seeded):
    for path in (
        "/api/v1/sessions/nope/",
        "/api/v1/documents/MC/999999/",
        "/api/v1/resolutions/42/",
        "/api/v1/bodies/nope/",
    ):
        assert api.get(path).status_code == 404, path


def test_ordering_and_pagination(api, seeded):
    page = api.get(
        "/api/v1/sessions/",
        {"ordering": "-start_date", "limit": 2, "body": "council", "start_after": "1990-01-01"},
    ).json()
    assert [s["key"] for s in page["results"]] == ["council-100", "council-98"]
    assert page["count"] == 9 and page["next"]


def test_modified_since_and_tombstones_for_mirrors(api, seeded):
    from meetings.models import Session
    from meetings.services import publishing

    mark = dt.datetime.now(dt.UTC).isoformat()
    assert api.get("/api/v1/sessions/", {"modified_since": mark}).json()["count"] == 0
    session = Session.objects.get(key="council-98")
    publishing.session_edit(session=session, fields={"notes": "Room XVIII"})
    publishing.session_publish(session=session)
    assert [
        s["key"] for s in api.get("/api/v1/sessions/", {"modified_since": mark}).json()["results"]
    ] == ["council-98"]
    Session.objects.get(key="idm-workshop-2009-07").delete()
    tombstones = api.get("/api/v1/tombstones/", {"modified_since": mark}).json()["results"]
    assert {"model": "meetings.session", "key": "idm-workshop-2009-07"} in [
        {k: t[k] for k in ("model", "key")} for t in tombstones
    ]
    assert api.get("/api/v1/sessions/", {"modified_since": "yesterday"}).status_code == 400
