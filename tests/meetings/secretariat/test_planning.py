"""Planning next year from each body's rhythm, and special sessions requested."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.domain.deadlines import session_deadlines
from meetings.models import Session
from meetings.services import planning
from tests.factories import BodyFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return BodyFactory(sessions_per_year=1, usual_months=[11, 12])


@pytest.fixture
def scpf():
    return BodyFactory(
        key="scpf",
        name="Standing Committee on Programmes and Finance",
        acronym="SCPF",
        sessions_per_year=2,
        usual_months=[5, 10, 11],
        notice_days_regular=14,
    )


def test_next_years_sessions_follow_last_years_dates_and_continue_the_numbering(council, scpf):
    geneva = VenueFactory()
    SessionFactory(
        body=council,
        number=98,
        start_date=dt.date(2026, 11, 24),
        end_date=dt.date(2026, 11, 27),
        venue=geneva,
    )
    SessionFactory(
        body=scpf, number=7, start_date=dt.date(2026, 5, 5), end_date=dt.date(2026, 5, 6)
    )
    SessionFactory(
        body=scpf, number=8, start_date=dt.date(2026, 10, 20), end_date=dt.date(2026, 10, 21)
    )
    created = planning.plan_year_create(2027)
    got = sorted(
        (s.body.key, s.number, s.start_date, s.end_date, s.status, s.is_published) for s in created
    )
    assert got == [
        ("council", 99, dt.date(2027, 11, 23), dt.date(2027, 11, 26), "tentative", False),
        ("scpf", 9, dt.date(2027, 5, 4), dt.date(2027, 5, 5), "tentative", False),
        ("scpf", 10, dt.date(2027, 10, 19), dt.date(2027, 10, 20), "tentative", False),
    ]
    council_99 = next(s for s in created if s.number == 99)
    assert council_99.venue == geneva and council_99.start_date.weekday() == 1
    assert council_99.key == "council-99" and "rhythm" in council_99.notes


def test_planning_twice_creates_nothing_more(council, scpf):
    first = planning.plan_year_create(2027)
    assert len(first) == 3
    assert planning.plan_year_create(2027) == []
    assert Session.objects.count() == 3


def test_without_last_years_session_the_second_tuesday_of_the_usual_month(council):
    (plan,) = planning.plan_year(2027)
    assert (plan.start, plan.end, plan.number) == (
        dt.date(2027, 11, 9),
        dt.date(2027, 11, 10),
        None,
    )


def test_abolished_and_rhythmless_bodies_are_not_planned(council):
    BodyFactory(
        key="sbf",
        name="Subcommittee",
        abolished_on=dt.date(2007, 12, 31),
        sessions_per_year=2,
        usual_months=[5],
    )
    BodyFactory(key="idm", name="Dialogue", sessions_per_year=None, usual_months=[])
    assert [p.body.key for p in planning.plan_year(2027)] == ["council"]


def test_a_bad_year_is_refused(council):
    with pytest.raises(ValidationError):
        planning.plan_year_create(20270)


def test_a_special_session_request_starts_its_notice_clock(council):
    SessionFactory(body=council, number=98, start_date=dt.date(2026, 11, 24))
    session = planning.special_session_request(
        body=council, requested_on=dt.date(2027, 3, 1), start=dt.date(2027, 4, 20)
    )
    assert (session.number, session.kind, session.requested_on, session.is_published) == (
        99,
        "special",
        dt.date(2027, 3, 1),
        False,
    )
    notice = session_deadlines(session)[0]
    # Within 10 days of the request comes before 15 days before the session.
    assert (notice.due_on, notice.rule) == (dt.date(2027, 3, 11), "within 10 days of the request")


def test_a_special_session_cannot_open_before_its_request(council):
    with pytest.raises(ValidationError, match="before it was requested"):
        planning.special_session_request(
            body=council, requested_on=dt.date(2027, 3, 1), start=dt.date(2027, 2, 1)
        )


def test_numbers_follow_the_highest_number_dated_before_the_planned_year(council):
    SessionFactory(body=council, number=98, start_date=dt.date(2009, 11, 23))
    SessionFactory(body=council, number=100, start_date=dt.date(2011, 12, 5))
    (plan,) = planning.plan_year(2010)
    # Not 101 (after the highest number of all), but 99, after the 98th of 2009.
    assert plan.number == 99 and plan.clashes == ()
    assert plan.gap_until is None


def test_a_number_already_taken_is_shown_as_a_clash_and_nothing_is_created(council):
    SessionFactory(body=council, number=98, start_date=dt.date(2009, 11, 23))
    undated = SessionFactory(body=council, number=99, start_date=None, end_date=None)
    (plan,) = planning.plan_year(2010)
    assert (plan.number, plan.clashes) == (99, (undated,))
    with pytest.raises(ValidationError, match="the number is already taken"):
        planning.plan_year_create(2010)
    assert Session.objects.filter(start_date__year=2010).count() == 0


def test_a_gap_before_the_next_recorded_session_is_shown(council):
    SessionFactory(body=council, number=96, start_date=dt.date(2008, 12, 2))
    hundredth = SessionFactory(body=council, number=100, start_date=dt.date(2011, 12, 5))
    (plan,) = planning.plan_year(2009)
    assert (plan.number, plan.clashes, plan.gap_until) == (97, (), hundredth)


def test_a_later_session_with_a_lower_number_is_a_clash(council):
    SessionFactory(body=council, number=96, start_date=dt.date(2008, 12, 2))
    misnumbered = SessionFactory(body=council, number=90, start_date=dt.date(2010, 3, 1))
    (plan,) = planning.plan_year(2009)
    assert (plan.number, plan.clashes) == (97, (misnumbered,))
