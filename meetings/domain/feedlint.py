"""An in-repo linter for our iCalendar feeds: every rule that calendar clients depend on.

``lint(data, domain=...)`` returns a list of problems (empty when the feed is right). It parses
with icalendar and with vobject (an independent parser), and checks the raw lines too.
"""

from __future__ import annotations

import datetime as dt
import re

import vobject
from icalendar import Calendar, Component

STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}
IMMUTABLE_UID = re.compile(r"^[a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _raw_checks(data: bytes) -> list[str]:
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the calendar must end with CRLF")
    for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets (RFC 5545 folds at 75)")
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare line break")
    return problems


def lint(
    data: bytes, *, domain: str | None = None, method: str = "PUBLISH", shared: bool = True
) -> list[str]:
    problems = _raw_checks(data)
    try:
        # Decoded as icalendar itself decodes bytes; vobject below reports a feed that is not UTF-8.
        calendar = Calendar.from_ical(data.decode("utf-8-sig", "replace"))
    except ValueError as error:
        return [*problems, f"icalendar cannot parse the feed: {error}"]
    try:
        vobject.readOne(data.decode("utf-8"))
    except Exception as error:  # vobject raises many kinds; any is a failure here
        problems.append(f"vobject cannot parse the feed: {error}")
    for name in ("PRODID", "VERSION"):
        if name not in calendar:
            problems.append(f"the calendar has no {name}")
    if str(calendar.get("METHOD", "")) != method:
        problems.append(f"the calendar's METHOD is {calendar.get('METHOD')!r}, expected {method}")
    if shared:
        for name in ("NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
            if name not in calendar:
                problems.append(f"the calendar has no {name}")
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    if not zones:
        problems.append("the calendar carries no VTIMEZONE")
    uids: set[str] = set()
    for event in calendar.walk("VEVENT"):
        problems.extend(_event_problems(event, zones, uids, domain, shared))
    return problems


def _event_problems(
    event: Component, zones: set[str], uids: set[str], domain: str | None, shared: bool
) -> list[str]:
    uid = str(event.get("UID", ""))
    where = f"event {uid or '?'}"
    problems: list[str] = []
    if not uid:
        problems.append("an event has no UID")
    elif uid in uids:
        problems.append(f"{where}: the UID appears twice")
    elif domain and not uid.endswith("@" + domain):
        problems.append(f"{where}: the UID is not under the site's domain {domain}")
    elif not IMMUTABLE_UID.match(uid.split("@")[0]):
        problems.append(
            f"{where}: the UID is not <kind>-<immutable UUID> (dates or row numbers change)"
        )
    uids.add(uid)
    for name in ("DTSTAMP", "SEQUENCE", "SUMMARY", "STATUS", "DTSTART", "DTEND", "LAST-MODIFIED"):
        if name not in event:
            problems.append(f"{where}: no {name}")
    if "METHOD" in event:
        problems.append(f"{where}: METHOD belongs on the calendar, not in an event")
    if shared and event.walk("VALARM"):
        problems.append(f"{where}: a shared feed must not carry alarms")
    if "SEQUENCE" in event and int(event["SEQUENCE"]) < 0:
        problems.append(f"{where}: a negative SEQUENCE")
    if str(event.get("STATUS", "")) not in STATUSES:
        problems.append(
            f"{where}: STATUS {event.get('STATUS')!r} is not TENTATIVE, CONFIRMED or CANCELLED"
        )
    if "DTSTART" not in event or "DTEND" not in event:
        return problems
    start, end = event["DTSTART"], event["DTEND"]
    if isinstance(start.dt, dt.datetime) != isinstance(end.dt, dt.datetime):
        problems.append(f"{where}: DTSTART and DTEND mix a date and a date-time")
        return problems
    if not isinstance(start.dt, dt.datetime):
        if start.params.get("VALUE") != "DATE" or end.params.get("VALUE") != "DATE":
            problems.append(f"{where}: all-day dates need VALUE=DATE on both ends")
        if end.dt <= start.dt:
            problems.append(f"{where}: DTEND must be after DTSTART (it is exclusive)")
        if str(event.get("TRANSP", "")) != "TRANSPARENT":
            problems.append(f"{where}: an all-day session should be TRANSP:TRANSPARENT")
        return problems
    for prop in (start, end):
        tzid = prop.params.get("TZID")
        if prop.dt.tzinfo is None:
            problems.append(f"{where}: a floating time (no TZID)")
        elif tzid and tzid not in zones:
            problems.append(f"{where}: TZID {tzid} has no VTIMEZONE")
        elif not tzid and prop.dt.utcoffset() != dt.timedelta(0):
            problems.append(f"{where}: a time without TZID that is not UTC")
    if end.dt <= start.dt:
        problems.append(f"{where}: DTEND must be after DTSTART")
    return problems
