import datetime as dt

import pytest

from meetings.domain.deadlines import DeadlineState, session_deadlines
from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_regular_council_notice_is_due_thirty_days_before():
    session = SessionFactory(start_date=dt.date(2009, 11, 23), end_date=dt.date(2009, 11, 26))
    notice, agenda = session_deadlines(session)
    assert (notice.kind, notice.due_on, notice.rule) == (
        "notice",
        dt.date(2009, 10, 24),
        "30 days before a regular session",
    )
    assert (agenda.kind, agenda.due_on) == ("provisional_agenda", dt.date(2009, 10, 24))


def test_special_session_notice_is_the_earlier_of_its_two_rules():
    session = SessionFactory(
        kind="special",
        start_date=dt.date(2009, 6, 29),
        end_date=dt.date(2009, 6, 30),
        requested_on=dt.date(2009, 5, 1),
    )
    assert session_deadlines(session)[0].due_on == dt.date(2009, 5, 11)
    session.requested_on = dt.date(2009, 6, 10)
    assert session_deadlines(session)[0].due_on == dt.date(2009, 6, 14)


def test_a_late_notice_says_how_late():
    session = SessionFactory(
        start_date=dt.date(2009, 11, 23),
        end_date=dt.date(2009, 11, 26),
        notice_sent_on=dt.date(2009, 11, 3),
    )
    notice = session_deadlines(session)[0]
    assert (notice.state(dt.date(2009, 11, 20)), notice.days_late()) == (DeadlineState.LATE, 10)


def test_states_before_and_after_the_due_date():
    session = SessionFactory(start_date=dt.date(2009, 11, 23), end_date=dt.date(2009, 11, 26))
    notice = session_deadlines(session)[0]
    assert notice.state(dt.date(2009, 10, 1)) == DeadlineState.OPEN
    assert notice.state(dt.date(2009, 10, 20)) == DeadlineState.DUE_SOON
    assert notice.state(dt.date(2009, 10, 25)) == DeadlineState.MISSED


def test_scpf_two_weeks_and_documents_rule_from_data():
    scpf = BodyFactory(
        key="scpf", name="SCPF", notice_days_regular=14, documents_days=21, agenda_with_notice=False
    )
    session = SessionFactory(
        body=scpf, start_date=dt.date(2009, 5, 11), end_date=dt.date(2009, 5, 12)
    )
    assert [(d.kind, d.due_on) for d in session_deadlines(session)] == [
        ("notice", dt.date(2009, 4, 27)),
        ("documents", dt.date(2009, 4, 20)),
    ]


def test_an_undated_special_session_has_its_notice_due_within_days_of_the_request():
    session = SessionFactory(
        kind="special", start_date=None, end_date=None, requested_on=dt.date(2009, 5, 1)
    )
    assert [(d.kind, d.due_on, d.rule) for d in session_deadlines(session)] == [
        ("notice", dt.date(2009, 5, 11), "within 10 days of the request"),
        ("provisional_agenda", dt.date(2009, 5, 11), "sent with the notice"),
    ]
    session.kind = "regular"
    assert session_deadlines(session) == []
