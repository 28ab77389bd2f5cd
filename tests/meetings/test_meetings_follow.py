"""A session's meetings follow it in calendars (RFC 5546): a change that their events show
(the status, the first day of an undated meeting, the venue of one without its own) raises
their SEQUENCE and moves their DTSTAMP; a change they do not show leaves them as they are."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Meeting
from meetings.services import publishing
from meetings.services import sessions as services
from meetings.services.calendar import FOLLOWS_SESSION
from tests.factories import MeetingFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

MAY = {d: dt.date(2030, 5, d) for d in range(1, 32)}
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def session():
    """A published session of 5-6 May with an undated meeting, a dated one and a timed one at
    their own venue; last changed long ago, so that a new DTSTAMP shows."""
    session = SessionFactory(start_date=MAY[5], end_date=MAY[6], status="confirmed")
    MeetingFactory(session=session, number=1, date=None)
    MeetingFactory(session=session, number=2, date=MAY[6])
    bangkok = VenueFactory(key="bangkok", name="Bangkok", timezone="Asia/Bangkok")
    MeetingFactory(
        session=session,
        number=3,
        date=MAY[5],
        starts_at=dt.datetime(2030, 5, 5, 2, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 5, 5, tzinfo=dt.UTC),
        venue=bangkok,
    )
    Meeting.objects.update(updated_at=LONG_AGO)
    return session


def events(client, session) -> dict[int, dict]:
    """The meetings feed as python-icalendar reads it, by meeting number."""
    body = client.get(reverse("meetings:feed-session-meetings", args=[session.key])).content
    found = {}
    for event in Calendar.from_ical(body).walk("VEVENT"):
        number = int(str(event["SUMMARY"]).rsplit(" ", 1)[1])
        found[number] = {
            "status": str(event["STATUS"]),
            "sequence": int(event["SEQUENCE"]),
            "dtstamp": event["DTSTAMP"].dt,
            "last_modified": event["LAST-MODIFIED"].dt,
            "start": event["DTSTART"].dt,
        }
    return found


def sequences(session) -> dict[int, int]:
    return dict(session.meetings.values_list("number", "sequence"))


def test_cancelling_a_session_cancels_each_meeting_with_a_higher_sequence(client, session):
    before = events(client, session)
    assert {n: e["status"] for n, e in before.items()} == {
        1: "CONFIRMED",
        2: "CONFIRMED",
        3: "CONFIRMED",
    }
    services.session_cancel(session=session)
    after = events(client, session)
    assert {n: e["status"] for n, e in after.items()} == {
        1: "CANCELLED",
        2: "CANCELLED",
        3: "CANCELLED",
    }
    for number, event in after.items():
        assert event["sequence"] == before[number]["sequence"] + 1, number
        assert event["dtstamp"] > before[number]["dtstamp"], number
        assert event["last_modified"] == event["dtstamp"]


def test_a_reschedule_raises_only_the_meetings_that_sit_on_the_first_day(client, session):
    before = events(client, session)
    services.session_reschedule(session=session, start=MAY[4], end=MAY[6])
    after = events(client, session)
    # The undated meeting moves with the first day; the dated and the timed ones do not.
    assert (after[1]["start"], after[1]["sequence"]) == (MAY[4], before[1]["sequence"] + 1)
    assert after[1]["dtstamp"] > before[1]["dtstamp"]
    assert after[2] == before[2] and after[3] == before[3]


def test_a_new_last_day_moves_no_meeting(session):
    services.session_reschedule(session=session, start=MAY[5], end=MAY[7])
    assert sequences(session) == {1: 0, 2: 0, 3: 0}


def test_a_new_venue_raises_the_meetings_held_there_and_not_those_with_their_own(session):
    services.session_update(session=session, fields={"venue": VenueFactory(key="new-york")})
    assert sequences(session) == {1: 1, 2: 1, 3: 0}


def test_a_status_the_events_show_alike_raises_no_meeting():
    # Postponed and tentative are both TENTATIVE in a feed; held and confirmed both CONFIRMED.
    session = SessionFactory(start_date=MAY[5], end_date=MAY[6], status="tentative")
    MeetingFactory(session=session, number=1, date=None)
    services.session_postpone(session=session)
    session.refresh_from_db()
    assert (session.status, session.sequence, sequences(session)) == ("postponed", 1, {1: 0})
    services.session_confirm(session=session)
    assert sequences(session) == {1: 1}
    services.session_update(session=session, fields={"status": "held"})
    assert sequences(session) == {1: 1}


def test_publishing_a_draft_of_new_dates_moves_the_undated_meetings(session, editor):
    draft = publishing.session_edit(
        session=session, fields={"start_date": MAY[12], "end_date": MAY[13]}, by=editor
    )
    assert draft is not None and sequences(session) == {1: 0, 2: 0, 3: 0}  # still a draft
    publishing.session_publish(session=session, by=editor)
    assert sequences(session) == {1: 1, 2: 0, 3: 0}


def test_the_meetings_raised_keep_a_history_row_saying_why_and_who(session, editor):
    services.session_cancel(session=session, by=editor)
    rows = Meeting.history.filter(history_change_reason=FOLLOWS_SESSION)
    assert sorted(rows.values_list("number", "sequence", "history_type", "history_user")) == [
        (1, 1, "~", editor.pk),
        (2, 1, "~", editor.pk),
        (3, 1, "~", editor.pk),
    ]


def test_following_costs_four_queries_whatever_the_number_of_meetings(
    session, django_assert_num_queries
):
    from meetings.services.calendar import meetings_follow

    with django_assert_num_queries(4):
        assert (
            meetings_follow(
                session=session, changes={"status": ("confirmed", "cancelled")}, by=None
            )
            == 3
        )
    MeetingFactory.create_batch(20, session=session, date=None)
    with django_assert_num_queries(4):
        assert (
            meetings_follow(
                session=session, changes={"status": ("cancelled", "confirmed")}, by=None
            )
            == 23
        )
    with django_assert_num_queries(0):
        assert (
            meetings_follow(session=session, changes={"end_date": (MAY[6], MAY[7])}, by=None) == 0
        )
