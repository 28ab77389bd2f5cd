"""The compliance view's rows: deadlines met, due soon or missed, and late convening."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.selectors import compliance
from meetings.services import agenda
from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 10, 1)


def states(row):
    return {kind: cell.state for kind, cell in row.cells.items()}


def test_each_deadline_is_met_due_soon_or_missed():
    council = BodyFactory(documents_days=21)
    on_time = SessionFactory(
        body=council,
        start_date=dt.date(2027, 10, 20),
        notice_sent_on=dt.date(2027, 9, 15),
        documents_issued_on=dt.date(2027, 9, 25),
    )
    agenda.agenda_record(session=on_time, state="provisional", on=dt.date(2027, 9, 15))
    soon = SessionFactory(body=council, start_date=dt.date(2027, 11, 5))  # notice due 6 Oct
    SessionFactory(body=council, start_date=dt.date(2027, 10, 10))  # notice was due 10 Sep
    rows = {row.session.start_date: row for row in compliance.compliance_rows(TODAY)}
    assert states(rows[dt.date(2027, 10, 20)]) == {
        "notice": "met",
        "provisional_agenda": "met",
        "documents": "met",
    }
    assert states(rows[soon.start_date])["notice"] == "due_soon"
    assert states(rows[dt.date(2027, 10, 10)]) == {
        "notice": "missed",
        "provisional_agenda": "missed",
        "documents": "missed",
    }
    assert rows[dt.date(2027, 10, 10)].worst == "missed"


def test_a_session_convened_late_says_so():
    session = SessionFactory(start_date=dt.date(2027, 11, 20), notice_sent_on=dt.date(2027, 10, 31))
    (row,) = compliance.compliance_rows(TODAY)
    assert row.session == session and states(row)["notice"] == "late"
    assert row.convened_late == (
        "Convened late: notice sent 20 days before the session; "
        "the rule is 30 days before a regular session."
    )
    assert row.cells["notice"].text == "done 31 Oct 2027, 10 days late"


def test_cancelled_and_long_past_sessions_are_left_out():
    SessionFactory(start_date=dt.date(2027, 11, 20), status="cancelled")
    SessionFactory(start_date=dt.date(2027, 6, 1))
    assert compliance.compliance_rows(TODAY) == []


def test_the_rows_cost_two_queries_however_many_sessions():
    for month in range(10, 13):
        SessionFactory(start_date=dt.date(2027, month, 15))
    with CaptureQueriesContext(connection) as queries:
        rows = compliance.compliance_rows(TODAY)
    assert len(rows) == 3 and len(queries) == 2
