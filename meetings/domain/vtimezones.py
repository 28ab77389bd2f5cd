"""VTIMEZONE definitions that every common calendar parser reads the same way.

icalendar's ``Timezone.from_tzinfo`` lists each kind of change (say, "to summer time") as one
DTSTART and an RDATE list of every later date. Mozilla's ical.js (Thunderbird) and vobject read
only the first date of such a list, so a summer meeting came out an hour late there. Here the
same transitions (computed by icalendar from the IANA data in ``zoneinfo``) are written as
vzic does: yearly RRULEs ("last Sunday of March") for each stretch of years a rule held, with
UNTIL where the zone changed its rule, the latest rule open-ended, and one-off changes as
components of their own, each with a single DTSTART.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# The span whose transitions are computed; the rule in force at its end is left open-ended.
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2040, 1, 1)
UNTIL_MARGIN = dt.timedelta(days=1)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Kind:
    """One kind of change: to the same offset, from the same one, under the same name."""

    daylight: bool
    name: str
    offset_from: dt.timedelta
    offset_to: dt.timedelta


@dataclass(frozen=True)
class Rule:
    """A yearly rule: the ``nth`` (or, with -1, the last) ``weekday`` of ``month`` at ``time``."""

    month: int
    weekday: int
    nth: int
    time: dt.time

    def byday(self) -> str:
        return f"{self.nth}{WEEKDAYS[self.weekday]}"


def rules_of(moment: dt.datetime) -> set[Rule]:
    """The yearly rules that give ``moment`` (a local time): "2nd Sunday", and "last" too if it is."""
    nth = (moment.day - 1) // 7 + 1
    rules = {Rule(moment.month, moment.weekday(), nth, moment.time())}
    if moment.day + 7 > month_calendar.monthrange(moment.year, moment.month)[1]:
        rules.add(Rule(moment.month, moment.weekday(), -1, moment.time()))
    return rules


def yearly_runs(moments: list[dt.datetime]) -> list[tuple[list[dt.datetime], Rule | None]]:
    """Split sorted local times into runs of consecutive years that one rule gives (a run of
    one moment has no rule)."""
    runs: list[tuple[list[dt.datetime], Rule | None]] = []
    run: list[dt.datetime] = []
    shared: set[Rule] = set()
    for moment in moments:
        if run and moment.year == run[-1].year + 1 and shared & rules_of(moment):
            run.append(moment)
            shared &= rules_of(moment)
            continue
        if run:
            runs.append((run, _preferred(shared) if len(run) > 1 else None))
        run, shared = [moment], rules_of(moment)
    if run:
        runs.append((run, _preferred(shared) if len(run) > 1 else None))
    return runs


def _preferred(rules: set[Rule]) -> Rule:
    # "Last Sunday" keeps holding in years when the last Sunday is the 5th, "4th Sunday" does not.
    return sorted(rules, key=lambda rule: (rule.nth != -1, rule.nth))[0]


def transitions(name: str) -> dict[Kind, list[dt.datetime]]:
    """Every change of ``name``'s offset between FIRST_DATE and LAST_DATE, as local times by kind."""
    zone = zoneinfo.ZoneInfo(name)
    source = Timezone.from_tzinfo(zone, first_date=FIRST_DATE, last_date=LAST_DATE)
    found: dict[Kind, list[dt.datetime]] = defaultdict(list)
    for component in source.subcomponents:
        kind = Kind(
            daylight=component.name == "DAYLIGHT",
            name=str(component.get("tzname", "")),
            offset_from=component["tzoffsetfrom"].td,
            offset_to=component["tzoffsetto"].td,
        )
        starts = [component.decoded("dtstart")]
        rdates = component.get("rdate", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            starts.extend(period.dt for period in rdate.dts)
        found[kind].extend(_onset(zone, start, kind) for start in starts)
    return {kind: sorted(moments) for kind, moments in found.items()}


def _onset(zone: zoneinfo.ZoneInfo, start: dt.datetime, kind: Kind) -> dt.datetime:
    """The change's local time in the offset it leaves, as RFC 5545 wants DTSTART.

    icalendar gives some changes in the offset they lead to (03:00 for a spring change at 02:00
    standard time); the instant is the one of the two readings at which the offset does change.
    """
    for offset in (kind.offset_from, kind.offset_to):
        instant = (start - offset).replace(tzinfo=dt.UTC)
        before = (instant - dt.timedelta(seconds=1)).astimezone(zone).utcoffset()
        if instant.astimezone(zone).utcoffset() == kind.offset_to and before == kind.offset_from:
            return (instant + kind.offset_from).replace(tzinfo=None)
    return start  # the zone's first offset, or a change of name only: nothing to correct


def _component(kind: Kind, start: dt.datetime) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if kind.daylight else TimezoneStandard()
    component.add("dtstart", start)
    if kind.name:
        component.add("tzname", kind.name)
    component.add("tzoffsetfrom", kind.offset_from)
    component.add("tzoffsetto", kind.offset_to)
    return component


def vtimezone_component(name: str) -> Timezone:
    """The VTIMEZONE of IANA zone ``name``: yearly rules with their years, one-off changes alone."""
    zone = Timezone()
    zone.add("tzid", name)
    zone.add("x-lic-location", name)
    found = transitions(name)
    starts: list[tuple[dt.datetime, TimezoneStandard | TimezoneDaylight]] = []
    for kind, moments in found.items():
        for run, rule in yearly_runs(moments):
            component = _component(kind, run[0])
            if rule is not None:
                recurrence: dict[str, object] = {
                    "freq": "yearly",
                    "bymonth": rule.month,
                    "byday": rule.byday(),
                }
                # A rule still in force at the end of the span goes on; one that stopped gets
                # UNTIL, in UTC as RFC 5545 requires in a VTIMEZONE, a day after its last change:
                # python-icalendar compares UNTIL with local times, and would drop that change
                # east of Greenwich; the next one would be a year later, so nothing else moves.
                if run[-1].year < LAST_DATE.year - 1:
                    last = (run[-1] - kind.offset_from).replace(tzinfo=dt.UTC)
                    recurrence["until"] = last + UNTIL_MARGIN
                component.add("rrule", recurrence)
            starts.append((run[0], component))
    for _start, component in sorted(starts, key=lambda item: item[0]):
        zone.add_component(component)
    return zone


@functools.lru_cache(maxsize=64)
def vtimezone_bytes(name: str) -> bytes:
    """Computing a zone's transitions is slow; each zone is computed once per process."""
    return vtimezone_component(name).to_ical()
