"""CSV import with preview (created, changed, refused row by row) and export."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import csvio, publishing
from meetings.models import AgendaItem, Meeting, Session, SessionDraft
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

YEAR = """body,number,kind,start_date,end_date,venue,status
council,99,regular,2027-11-23,2027-11-26,geneva,tentative
scpf,9,regular,2027-05-04,2027-05-05,geneva,tentative
scpf,10,regular,2027-10-19,,geneva,tentative
council,99,regular,2027-11-30,2027-11-26,geneva,tentative
nobody,1,regular,2027-01-01,,,
council,abc,regular,2027-02-30,,,
"""


@pytest.fixture
def bodies():
    VenueFactory()
    return BodyFactory(), BodyFactory(key="scpf", name="SCPF", acronym="SCPF")


def test_the_preview_shows_each_row_and_keeps_nothing(bodies):
    report = csvio.csv_import("sessions", YEAR, commit=False)
    assert [(r.line, r.action) for r in report.rows] == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
        (
            5,
            "refuse",
        ),  # council-99 exists by now (line 2): a change, but its end is before its start
        (6, "refuse"),
        (7, "refuse"),
    ]
    assert "before the first day" in " ".join(report.rows[3].errors)
    assert report.rows[4].errors == ["body: unknown body 'nobody'"]
    assert report.rows[5].errors == ["number: not a whole number: 'abc'"]
    assert report.summary == {"create": 3, "change": 0, "unchanged": 0, "refuse": 3}
    assert not Session.objects.exists()


def test_confirming_imports_the_year_in_one_go(bodies):
    ok = YEAR.split("\n")[:4]
    report = csvio.csv_import("sessions", "\n".join(ok), commit=True)
    assert report.summary == {"create": 3, "change": 0, "unchanged": 0, "refuse": 0}
    assert sorted(Session.objects.values_list("key", "start_date", "end_date", "is_published")) == [
        ("council-99", dt.date(2027, 11, 23), dt.date(2027, 11, 26), False),
        ("scpf-10", dt.date(2027, 10, 19), dt.date(2027, 10, 19), False),
        ("scpf-9", dt.date(2027, 5, 4), dt.date(2027, 5, 5), False),
    ]
    again = csvio.csv_import("sessions", "\n".join(ok), commit=True)
    assert again.summary["unchanged"] == 3


def test_a_row_whose_end_is_before_its_start_is_refused_with_the_reason(bodies):
    text = "body,number,start_date,end_date\ncouncil,99,2027-11-30,2027-11-26\n"
    (row,) = csvio.csv_import("sessions", text, commit=True).rows
    assert row.action == "refuse" and "before the first day" in " ".join(row.errors)
    assert not Session.objects.exists()


def test_changing_a_published_session_goes_to_its_draft(bodies):
    session = SessionFactory(key="council-99", number=99, start_date=dt.date(2027, 11, 23))
    text = "key,body,start_date,end_date\ncouncil-99,council,2027-12-01,2027-12-03\n"
    (row,) = csvio.csv_import("sessions", text, commit=True).rows
    assert row.action == "change" and row.changes["start_date"] == ("2027-11-23", "2027-12-01")
    session.refresh_from_db()
    assert session.start_date == dt.date(2027, 11, 23)
    assert SessionDraft.objects.get().fields["start_date"] == "2027-12-01"
    publishing.session_publish(session=session)
    session.refresh_from_db()
    assert session.start_date == dt.date(2027, 12, 1)


def test_a_column_left_out_changes_nothing(bodies):
    SessionFactory(key="council-99", number=99, notes="Room XVIII", is_published=False)
    (row,) = csvio.csv_import(
        "sessions", "key,body,status\ncouncil-99,council,confirmed\n", commit=True
    ).rows
    assert row.action == "change" and set(row.changes) == {"status"}
    assert Session.objects.get().notes == "Room XVIII"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfebody", "not UTF-8"),
        ("", "empty"),
        ("body,colour\ncouncil,red\n", "Unknown column(s): colour"),
        ("number\n1\n", "Missing column(s): body"),
        ("body\x00\n", "NUL"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(bodies, data, message):
    with pytest.raises(csvio.CsvError, match=message.replace("(", r"\(").replace(")", r"\)")):
        csvio.csv_import("sessions", data, commit=True)


def test_meetings_agenda_items_and_documents_import(bodies):
    session = SessionFactory(key="scpf-9", body=bodies[1], number=9, is_published=False)
    meetings = "session,number,date,part,starts_at,ends_at\nscpf-9,1,2030-12-02,morning,2030-12-02T10:00:00+01:00,2030-12-02T13:00:00+01:00\nscpf-9,2,2030-12-02,afternoon,,\nscpf-8,1,,,,\n"
    report = csvio.csv_import("meetings", meetings, commit=True)
    assert [r.action for r in report.rows] == ["create", "create", "refuse"]
    assert Meeting.objects.filter(session=session).count() == 2
    agenda = "session,label,title,parent\nscpf-9,1,Adoption of the agenda,\nscpf-9,2,Budget,\nscpf-9,2(a),Programme,2\nscpf-9,3,,\n"
    report = csvio.csv_import("agenda_items", agenda, commit=True)
    assert [r.action for r in report.rows] == ["create", "create", "create", "refuse"]
    assert list(
        AgendaItem.objects.filter(session=session).values_list("label", "parent__label")
    ) == [("1", None), ("2", None), ("2(a)", "2")]
    documents = "symbol,title,kind,session\nSCPF/40,Programme and Budget for 2028,programme_budget,scpf-9\nSCPF/41,,other,nowhere\n"
    report = csvio.csv_import("documents", documents, commit=True)
    assert [r.action for r in report.rows] == ["create", "refuse"]
    assert [link.document.symbol for link in session.session_documents.all()] == ["SCPF/40"]


def test_an_agenda_row_for_a_published_session_waits_in_its_draft(bodies):
    session = SessionFactory(key="council-99")
    AgendaItemFactory(session=session, label="1", title="Opening")
    (row,) = csvio.csv_import(
        "agenda_items", "session,label,title\ncouncil-99,1,Opening of the session\n", commit=True
    ).rows
    assert row.action == "change" and row.changes == {
        "title": ("Opening", "Opening of the session")
    }
    assert AgendaItem.objects.get().title == "Opening"
    assert SessionDraft.objects.get().agenda[0]["title"] == "Opening of the session"


@pytest.mark.parametrize("kind", sorted(csvio.KINDS))
def test_an_export_imports_back_unchanged(bodies, kind):
    session = SessionFactory(
        key="council-99", number=99, venue=VenueFactory(), notes='Room, "XVIII"'
    )
    AgendaItemFactory(session=session, label="1", title="Opening")
    document = DocumentFactory(symbol="MC/2300")
    session.session_documents.create(document=document)
    Meeting.objects.create(session=session, number=1, date=session.start_date, part="morning")
    exported = csvio.csv_export(kind)
    assert exported.count("\r\n") >= 2
    report = csvio.csv_import(kind, exported, commit=False)
    assert {r.action for r in report.rows} == {"unchanged"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gives_a_report_or_a_clear_error_and_keeps_nothing(bodies, text):
    try:
        report = csvio.csv_import("sessions", "body,number,start_date,name\n" + text, commit=False)
    except csvio.CsvError as error:
        assert str(error)
    else:
        assert all(r.action in {"create", "change", "unchanged", "refuse"} for r in report.rows)
    assert not Session.objects.exists()


def test_a_stray_carriage_return_in_the_header_is_a_clear_error(bodies):
    with pytest.raises(csvio.CsvError, match="Unknown column"):
        csvio.csv_import("sessions", 'body,"x\r', commit=False)
