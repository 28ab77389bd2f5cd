"""Every common parser reads a feed's timed meetings at the same UTC instants as zoneinfo.

Three independent readers: python-icalendar (from the file's VTIMEZONE, not its own zone
database), vobject (dateutil's reading of the VTIMEZONE) and Mozilla's ical.js, Thunderbird's
parser, run by node. For every zone the seeded venues use, and zones whose rules changed, each
meeting lies a day before or after a change of offset, across the years of the record and after.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import zoneinfo
from pathlib import Path

import pytest
import vobject
import yaml
from icalendar import Calendar, Event, Timezone

from meetings.domain.ical import build_calendar
from meetings.domain.vtimezones import transitions, vtimezone_component, yearly_runs
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[3]
ICAL_JS = ROOT / "tests" / "js"
YEARS = range(2005, 2031)
HALF_HOUR = dt.timedelta(minutes=30)
# Zones whose rules changed in those years: the US in 2007, Russia in 2011 and 2014, Brazil
# in 2019, Egypt several times; and the southern hemisphere.
CHANGED = ["America/New_York", "Europe/Moscow", "America/Sao_Paulo", "Africa/Cairo"]
SOUTH = ["Australia/Sydney", "Pacific/Auckland"]


def seeded_zones() -> list[str]:
    venues = yaml.safe_load((ROOT / "seeds" / "data" / "venues.yaml").read_text())
    return sorted({venue["timezone"] for venue in venues})


ZONES = sorted(set(seeded_zones()) | set(CHANGED) | set(SOUTH))


def local_times(zone: str) -> list[dt.datetime]:
    """09:00 local on the day before and the day after each change of offset, mid-month, and
    half an hour after each change forward (a reader that places the change an hour late, or
    early, is caught there; after a change back the wall clock repeats and is ambiguous)."""
    days: set[dt.date] = set()
    edges: set[dt.datetime] = set()
    for kind, moments in transitions(zone).items():
        for moment in moments:
            if moment.year in YEARS:
                days |= {moment.date() - dt.timedelta(days=1), moment.date() + dt.timedelta(days=1)}
                if kind.offset_to > kind.offset_from:
                    # ``moment`` is the change in the offset it leaves; in the new one, 30 min on.
                    edges.add(moment + (kind.offset_to - kind.offset_from) + HALF_HOUR)
    days |= {dt.date(year, month, 15) for year in YEARS for month in (1, 4, 7, 10)}
    return sorted({dt.datetime.combine(day, dt.time(9)) for day in days} | edges)


def feed_of(zone: str, moments: list[dt.datetime]) -> bytes:
    tz = zoneinfo.ZoneInfo(zone)
    events = []
    for index, moment in enumerate(moments):
        event = Event()
        event.add("uid", f"meeting-{index}@test")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", moment.replace(tzinfo=tz))
        event.add("dtend", (moment + dt.timedelta(hours=3)).replace(tzinfo=tz))
        event.add("summary", "Meeting")
        events.append(event)
    return build_calendar(events, name=zone)


def expected(zone: str, moments: list[dt.datetime]) -> dict[str, int]:
    tz = zoneinfo.ZoneInfo(zone)
    return {
        f"meeting-{index}@test": int(moment.replace(tzinfo=tz).timestamp())
        for index, moment in enumerate(moments)
    }


def read_with_icalendar(body: bytes) -> dict[str, int]:
    calendar = Calendar.from_ical(body.decode())
    (definition,) = calendar.walk("VTIMEZONE")
    assert isinstance(definition, Timezone)
    # The file's own definition, not the zone database icalendar would look the TZID up in.
    tz = definition.to_tz(lookup_tzid=False)
    return {
        str(event["uid"]): int(event["dtstart"].dt.replace(tzinfo=tz).timestamp())
        for event in calendar.walk("VEVENT")
    }


def read_with_vobject(body: bytes) -> dict[str, int]:
    calendar = vobject.readOne(body.decode())
    return {event.uid.value: int(event.dtstart.value.timestamp()) for event in calendar.vevent_list}


def read_with_ical_js(body: bytes) -> dict[str, int]:
    node = shutil.which("node")
    if node is None or not (ICAL_JS / "node_modules" / "ical.js").exists():
        require_service("node", "node and ical.js (`make test` runs npm ci in tests/js)")
    answer = subprocess.run(
        [node, str(ICAL_JS / "event_instants.mjs")], input=body, capture_output=True, check=True
    )
    return {event["uid"]: event["start"] for event in json.loads(answer.stdout)}


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "reader", [read_with_icalendar, read_with_vobject, read_with_ical_js], ids=lambda r: r.__name__
)
def test_each_parser_reads_the_same_instants_as_zoneinfo(zone, reader):
    moments = local_times(zone)
    body = feed_of(zone, moments)
    wrong = {
        uid: (seconds, dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat())
        for uid, seconds in reader(body).items()
        if seconds != expected(zone, moments)[uid]
    }
    assert wrong == {}


def test_a_zone_with_summer_time_is_two_yearly_rules_not_lists_of_dates():
    definition = vtimezone_component("Europe/Zurich").to_ical().decode()
    assert "RDATE" not in definition
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in definition
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in definition


def test_a_rule_that_stopped_ends_with_until_in_utc_and_the_rule_after_it_goes_on():
    definition = vtimezone_component("America/New_York").to_ical().decode()
    # Until 2006 summer time began on the first Sunday of April (2 April 2006, 07:00 UTC);
    # UNTIL is a day later (vtimezones.UNTIL_MARGIN).
    assert "RRULE:FREQ=YEARLY;UNTIL=20060403T070000Z;BYDAY=1SU;BYMONTH=4\r\n" in definition
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n" in definition


def test_a_zone_without_summer_time_is_one_offset():
    definition = vtimezone_component("Asia/Bangkok")
    offsets = {str(c["tzoffsetto"].to_ical()) for c in definition.subcomponents}
    assert offsets == {"+0700"}


def test_last_sunday_is_preferred_to_the_fourth_when_both_hold():
    # 2009-03-29 is both the 5th and the last Sunday; 2010-03-28 the 4th and the last.
    moments = [
        dt.datetime(2009, 3, 29, 2),
        dt.datetime(2010, 3, 28, 2),
        dt.datetime(2011, 3, 27, 2),
    ]
    ((run, rule),) = yearly_runs(moments)
    assert (len(run), rule.byday()) == (3, "-1SU")


def test_a_one_off_change_stands_alone():
    moments = [dt.datetime(2011, 3, 27, 2), dt.datetime(2014, 10, 26, 2)]
    assert [rule for _run, rule in yearly_runs(moments)] == [None, None]
