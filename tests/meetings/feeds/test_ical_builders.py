"""The pure builders: UIDs, SEQUENCE, all-day spans, time zones, statuses, byte-identical output."""

import datetime as dt
import zoneinfo

import pytest
import vobject
from icalendar import Calendar, Component

from meetings.domain import ical
from meetings.domain.feedlint import lint
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
SITE = "https://calendar.example.org"


def parse(data: bytes) -> Component:
    text = data.decode()
    vobject.readOne(text)  # an independent parser must accept it too
    return Calendar.from_ical(text)


def one_event(data: bytes):
    (event,) = parse(data).walk("VEVENT")
    return event


def test_a_two_to_five_december_session_ends_on_the_sixth():
    session = SessionFactory(
        number=96, start_date=dt.date(2008, 12, 2), end_date=dt.date(2008, 12, 5)
    )
    event = one_event(ical.sessions_calendar([session], name="x", lang="en", site_url=SITE))
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (dt.date(2008, 12, 2), dt.date(2008, 12, 6))
    assert (
        event["DTSTART"].params["VALUE"],
        event["DTEND"].params["VALUE"],
        str(event["TRANSP"]),
    ) == ("DATE", "DATE", "TRANSPARENT")


def test_uid_comes_from_the_immutable_key_and_domain_not_the_dates(settings):
    settings.SITE_DOMAIN = "calendar.example.org"
    session = SessionFactory()
    before = str(
        one_event(ical.sessions_calendar([session], name="x", lang="en", site_url=SITE))["UID"]
    )
    session.start_date, session.end_date = dt.date(2031, 1, 5), dt.date(2031, 1, 6)
    session.save()
    after = str(
        one_event(ical.sessions_calendar([session], name="x", lang="en", site_url=SITE))["UID"]
    )
    assert before == after == f"session-{session.uid}@calendar.example.org"


def test_a_session_and_its_meetings_have_different_uids():
    meeting = MeetingFactory()
    session_uid = one_event(
        ical.sessions_calendar([meeting.session], name="x", lang="en", site_url=SITE)
    )["UID"]
    meeting_uid = one_event(ical.meetings_calendar([meeting], name="x", lang="en", site_url=SITE))[
        "UID"
    ]
    assert session_uid != meeting_uid and str(meeting_uid).startswith("meeting-")


def test_unchanged_data_gives_byte_identical_output_and_dtstamp_is_the_last_change():
    session = SessionFactory()
    first = ical.sessions_calendar([session], name="x", lang="en", site_url=SITE)
    assert ical.sessions_calendar([session], name="x", lang="en", site_url=SITE) == first
    assert one_event(first)["DTSTAMP"].dt == session.updated_at.replace(microsecond=0)


def test_timed_meetings_carry_their_venue_zone_and_a_vtimezone_for_each():
    session = SessionFactory(start_date=dt.date(2030, 3, 5), end_date=dt.date(2030, 3, 6))
    bangkok = VenueFactory(key="bangkok", name="Bangkok", city="Bangkok", timezone="Asia/Bangkok")
    geneva = MeetingFactory(
        session=session,
        starts_at=dt.datetime(2030, 3, 5, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich")),
        ends_at=dt.datetime(2030, 3, 5, 13, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich")),
    )
    thai = MeetingFactory(
        session=session,
        venue=bangkok,
        starts_at=dt.datetime(2030, 3, 6, 3, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 3, 6, 6, tzinfo=dt.UTC),
    )
    data = ical.meetings_calendar([geneva, thai], name="x", lang="en", site_url=SITE)
    calendar = parse(data)
    starts = {
        str(e["UID"]): (e["DTSTART"].params["TZID"], e["DTSTART"].dt.hour)
        for e in calendar.walk("VEVENT")
    }
    assert starts == {
        geneva.ical_uid("meeting"): ("Europe/Zurich", 10),
        thai.ical_uid("meeting"): ("Asia/Bangkok", 10),
    }
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Zurich",
        "Asia/Bangkok",
    }
    assert lint(data) == []


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("tentative", "TENTATIVE"),
        ("confirmed", "CONFIRMED"),
        ("held", "CONFIRMED"),
        ("postponed", "TENTATIVE"),
        ("cancelled", "CANCELLED"),
    ],
)
def test_status_is_carried_in_status_not_in_the_title(status, expected):
    session = SessionFactory(number=96, status=status)
    event = one_event(ical.sessions_calendar([session], name="x", lang="en", site_url=SITE))
    assert (str(event["STATUS"]), str(event["SUMMARY"])) == (
        expected,
        "Ninety-sixth Session of the Council",
    )


def test_description_lists_the_agenda_and_public_documents_only():
    session = SessionFactory()
    item = AgendaItemFactory(session=session, label="1", title="Programme and Budget for 2009")
    item.documents.add(
        DocumentFactory(symbol="MC/2260"), DocumentFactory(symbol="MC/2261", access="restricted")
    )
    event = one_event(ical.sessions_calendar([session], name="x", lang="en", site_url=SITE))
    assert (
        str(event["DESCRIPTION"]) == "Agenda:\n1 Programme and Budget for 2009\nDocuments: MC/2260"
    )


def test_calendar_properties_and_no_method_or_alarm_in_events():
    data = ical.sessions_calendar(
        [SessionFactory()], name="Governance Calendar", lang="en", site_url=SITE
    )
    calendar = parse(data)
    assert (str(calendar["METHOD"]), str(calendar["NAME"]), str(calendar["X-WR-CALNAME"])) == (
        "PUBLISH",
        "Governance Calendar",
        "Governance Calendar",
    )
    assert (str(calendar["REFRESH-INTERVAL"]), str(calendar["X-PUBLISHED-TTL"])) == (
        "PT12H",
        "PT12H",
    )
    assert b"BEGIN:VALARM" not in data and data.count(b"METHOD:") == 1


def test_an_empty_feed_is_a_valid_calendar_with_a_timezone_and_a_name():
    data = ical.sessions_calendar([], name="Empty", lang="en", site_url=SITE)
    calendar = parse(data)
    assert (str(calendar["NAME"]), [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]) == (
        "Empty",
        ["Europe/Zurich"],
    )
    assert lint(data) == []


def test_localized_titles():
    session = SessionFactory(number=96)
    assert (
        str(
            one_event(ical.sessions_calendar([session], name="x", lang="fr", site_url=SITE))[
                "SUMMARY"
            ]
        )
        == "Quatre-vingt-seizième session du Conseil"
    )


def test_invites_keep_uid_and_sequence_and_cancel_says_so():
    session = SessionFactory(status="cancelled", sequence=3)
    invite = parse(ical.session_invite(session, method="CANCEL", site_url=SITE))
    event = invite.walk("VEVENT")[0]
    assert (
        str(invite["METHOD"]),
        str(event["UID"]),
        int(event["SEQUENCE"]),
        str(event["STATUS"]),
    ) == ("CANCEL", session.ical_uid("session"), 3, "CANCELLED")


def test_sessions_known_only_to_a_month_are_left_out():
    month = SessionFactory(date_precision="month", date_label="December 2011")
    assert (
        parse(ical.sessions_calendar([month], name="x", lang="en", site_url=SITE)).walk("VEVENT")
        == []
    )
