"""Pure iCalendar builders (RFC 5545, RFC 7986) on the icalendar library; no HTTP here.

Rules every client depends on, kept by construction:
- UIDs come from an immutable key and the site's domain, never from dates or row order;
- SEQUENCE is the stored counter (it only goes up), DTSTAMP and LAST-MODIFIED are the
  record's last change, so unchanged data gives byte-identical output;
- sessions are all-day events with an exclusive DTEND (2-5 December ends on 6 December);
- timed meetings carry a TZID and the calendar a VTIMEZONE for every zone used;
- METHOD sits on the calendar only; shared feeds carry no VALARM;
- text is in the feed's language: a name or title that has no version in it is given in English,
  and a SUMMARY, LOCATION or CATEGORIES that is so carries LANGUAGE=en (RFC 5545, 3.2.10). A
  DESCRIPTION holds the feed's own words beside such titles, so no one LANGUAGE is true of it:
  it has none.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Component, Event, Timezone, vText
from icalendar.prop import vCategory, vDDDTypes, vInt

from governance.domain.languages import ORIGINAL
from governance.domain.languages import in_language as version_in
from governance.enums import DatePrecision
from meetings.domain.datespans import exclusive_end
from meetings.domain.titles import title_language
from meetings.domain.vtimezones import vtimezone_bytes

if TYPE_CHECKING:
    from meetings.models import Meeting, Session

PRODID = "-//Governance Calendar//Sessions of the governing bodies//EN"
REFRESH = dt.timedelta(hours=12)
# Dates known to a week can still be shown; a month, season or year is no calendar entry.
CALENDAR_PRECISIONS = (DatePrecision.DAY, DatePrecision.WEEK)
STATUS = {
    "tentative": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}
# The feeds' own list of session fields (README, "Adding a session field"): each is read by the
# feeds' query (SessionQuerySet.with_calendar_data) and shown in the event's DESCRIPTION as
# "Label: value", the label (marked with gettext_lazy, so `make messages` collects it) in the
# feed's language. None today; e.g. {"theme": gettext_lazy("Theme")}.
SESSION_DETAILS: dict[str, Promise] = {}
# A demonstration session (services.demonstration) says so wherever it is shown: the first line of
# its DESCRIPTION and a CATEGORIES value here, the same words on pages and in e-mails.
DEMONSTRATION = gettext_lazy("Planned from the usual rhythm (demonstration)")
DEMONSTRATION_CATEGORY = gettext_lazy("Demonstration")
DEFAULT_LOCATION = {"en": "Geneva (headquarters)", "fr": "Genève (siège)", "es": "Ginebra (sede)"}
LABELS = {
    "en": {
        "agenda": "Agenda",
        "documents": "Documents",
        "dates": "Dates as announced",
        "meeting": "Meeting",
    },
    "fr": {
        "agenda": "Ordre du jour",
        "documents": "Documents",
        "dates": "Dates annoncées",
        "meeting": "Séance",
    },
    "es": {
        "agenda": "Orden del día",
        "documents": "Documentos",
        "dates": "Fechas anunciadas",
        "meeting": "Sesión",
    },
}


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def is_calendar_session(session: Session) -> bool:
    return session.start_date is not None and session.date_precision in CALENDAR_PRECISIONS


def _location(session: Session, lang: str) -> tuple[str, str]:
    """Where the session sits, and the language that is given in."""
    venue = session.venue  # no query when there is none
    if venue is None:
        return DEFAULT_LOCATION[lang], lang
    return venue.label_in(lang)


def _text(value: str, text_lang: str, lang: str) -> vText:
    """A text value, with LANGUAGE when it is not in the feed's language (a fallback)."""
    text = vText(value)
    if text_lang != lang:
        text.params["LANGUAGE"] = text_lang
    return text


def document_names(session: Session, lang: str = ORIGINAL) -> list[tuple[str, str]]:
    """The public documents on the agenda and the report, each by its symbol or else its title
    in ``lang`` where given, with the language of that name; restricted ones are never named."""
    documents = [
        document
        for item in session.agenda_items.all()
        for document in item.documents.all()
        if document.is_public
    ]
    report = session.report  # no query when there is none
    if report is not None and report.is_public:
        documents.append(report)
    names: dict[str, str] = {}
    for document in documents:
        name, name_lang = (
            (document.symbol, lang) if document.symbol else version_in(document, "title", lang)
        )
        names.setdefault(name, name_lang)
    return list(names.items())


def public_documents(session: Session, lang: str = ORIGINAL) -> list[str]:
    """The names of document_names, as plain text."""
    return [name for name, _lang in document_names(session, lang)]


def agenda_lines(session: Session, lang: str) -> list[tuple[str, str, str]]:
    """The top-level agenda items as (label, title, the title's language), each title in
    ``lang`` where given."""
    return [
        (item.label, *version_in(item, "title", lang))
        for item in session.agenda_items.all()
        if item.parent_id is None
    ]


def session_description(session: Session, lang: str) -> str:
    labels = LABELS[lang]
    lines: list[str] = []
    if session.is_demonstration:
        lines.append(in_language(DEMONSTRATION, lang))
    if session.date_precision != DatePrecision.DAY and session.date_label:
        lines.append(f"{labels['dates']}: {session.date_label}")
    items = agenda_lines(session, lang)
    if items:
        lines.append(f"{labels['agenda']}:")
        lines.extend(f"{label} {title}".strip() for label, title, _lang in items)
    documents = public_documents(session, lang)
    if documents:
        lines.append(f"{labels['documents']}: {', '.join(documents)}")
    lines.extend(_details(session, lang))
    return "\n".join(lines)


def in_language(text: Promise, lang: str) -> str:
    with translation.override(lang):
        return str(text)


def _details(session: Session, lang: str) -> list[str]:
    lines: list[str] = []
    if not SESSION_DETAILS:
        return lines
    with translation.override(lang):
        for name, label in SESSION_DETAILS.items():
            value = getattr(session, name)
            if value not in (None, ""):
                lines.append(f"{label}: {value}")
    return lines


@functools.lru_cache(maxsize=1)
def _session_path_template() -> str:
    """reverse() once; formatting a key into it is a hundred times cheaper than reverse() per event."""
    return reverse("meetings:session-detail", kwargs={"key": "KEY-PLACEHOLDER"})


def session_url(session: Session, site_url: str) -> str:
    return site_url.rstrip("/") + _session_path_template().replace("KEY-PLACEHOLDER", session.key)


def _add(event: Event, name: str, value: vText | vDDDTypes | vInt | vCategory) -> None:
    """Add a value that is already an icalendar type: skips the library's per-value type lookup."""
    event.add(name, value, encode=False)


def session_event(session: Session, *, lang: str, site_url: str) -> Event:
    """One session as an all-day event (a calendar session: is_calendar_session)."""
    start = session.start_date
    if start is None:
        raise ValueError(f"session {session.key} has no start date, so it is no event")
    event = Event()
    changed = vDDDTypes(_utc(session.updated_at))
    _add(event, "uid", vText(session.ical_uid("session")))
    _add(event, "dtstamp", changed)
    _add(event, "last-modified", changed)
    _add(event, "created", vDDDTypes(_utc(session.created_at)))
    _add(event, "sequence", vInt(session.sequence))
    _add(event, "summary", _text(session.title_in(lang), title_language(session, lang), lang))
    _add(event, "dtstart", vDDDTypes(start))
    _add(event, "dtend", vDDDTypes(exclusive_end(session.end_date or start)))
    _add(event, "status", vText(STATUS[session.status]))
    _add(event, "transp", vText("TRANSPARENT"))
    _add(event, "location", _text(*_location(session, lang), lang))
    _add(event, "categories", _categories(session, lang))
    _add(event, "url", vText(session_url(session, site_url)))
    description = session_description(session, lang)
    if description:
        _add(event, "description", vText(description))
    return event


# What a meeting's event takes from its session (meeting_event), and the meeting fields that,
# when empty, make it do so: the status always, the first day for a meeting with neither a date
# nor a time, the venue (place and time zone) for one without its own. A change of one of these
# on the session is a change of those meetings' events.
MEETING_INHERITS: dict[str, tuple[str, ...]] = {
    "status": (),
    "start_date": ("date", "starts_at"),
    "venue": ("venue",),
}


def meetings_shown_changes(changes: Mapping[str, tuple[Any, Any]]) -> list[tuple[str, ...]]:
    """For a session's calendar changes ({field: (old, new)}), the meetings whose events change
    with them, as lists of the meeting fields that must be empty (``()``: every meeting). A
    status that the events show the same (postponed and tentative are both TENTATIVE) is no
    change of theirs."""
    shown: list[tuple[str, ...]] = []
    for name, (old, new) in changes.items():
        if name not in MEETING_INHERITS:
            continue
        if name == "status" and STATUS.get(old) == STATUS.get(new):
            continue
        shown.append(MEETING_INHERITS[name])
    return shown


def _categories(session: Session, lang: str) -> vCategory:
    body = session.body
    names = [body.name_in(lang)]
    english = lang != ORIGINAL and names[0] == body.name
    if session.is_demonstration:
        names.append(in_language(DEMONSTRATION_CATEGORY, lang))
    categories = vCategory(names)
    # LANGUAGE is said of the whole property: only when each name in it is the English one.
    if english and len(names) == 1:
        categories.params["LANGUAGE"] = ORIGINAL
    return categories


def meeting_event(meeting: Meeting, *, lang: str, site_url: str) -> Event:
    """One meeting: timed (with its venue's TZID) when its times are known, else all-day."""
    session = meeting.session
    event = Event()
    event.add("uid", meeting.ical_uid("meeting"))
    event.add("dtstamp", _utc(meeting.updated_at))
    event.add("last-modified", _utc(meeting.updated_at))
    event.add("sequence", meeting.sequence)
    label = LABELS[lang]["meeting"]
    number = f" {meeting.number}" if meeting.number else ""
    if meeting.title:  # a meeting's own title is written in English only
        event.add("summary", _text(meeting.title, ORIGINAL, lang))
    else:
        event.add("summary", f"{session.title_in(lang)}: {label}{number}")
    venue = meeting.venue  # no query when there is none
    zone = zoneinfo.ZoneInfo(venue.timezone if venue is not None else session.timezone)
    if meeting.starts_at:
        event.add("dtstart", meeting.starts_at.astimezone(zone))
        end = meeting.ends_at or meeting.starts_at + dt.timedelta(hours=3)
        event.add("dtend", end.astimezone(zone))
        event.add("transp", "OPAQUE")
    else:
        day = meeting.date or session.start_date
        if day is None:
            raise ValueError(f"meeting {meeting.pk} has neither a time nor a date")
        event.add("dtstart", day)
        event.add("dtend", exclusive_end(day))
        event.add("transp", "TRANSPARENT")
    event.add("status", STATUS[session.status])
    where = venue.label_in(lang) if venue is not None else _location(session, lang)
    event.add("location", _text(*where, lang))
    _add(event, "categories", _categories(session, lang))
    event.add("url", session_url(session, site_url))
    return event


def build_calendar(
    events: Iterable[Event],
    *,
    name: str,
    method: str = "PUBLISH",
    description: str = "",
    refresh: dt.timedelta = REFRESH,
) -> bytes:
    """A whole calendar, with a VTIMEZONE for every zone its events use (valid when empty)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add(
        "refresh-interval", vText(_duration_text(refresh)), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vText(_duration_text(refresh)))
    calendar.add("x-wr-timezone", "Europe/Zurich")
    zones: list[str] = []
    for event in events:
        calendar.add_component(event)
        tzid = event.get("dtstart").params.get("TZID")
        if tzid and tzid not in zones:
            zones.append(tzid)
    # An empty or all-day feed still names the headquarters' zone, so clients place events right.
    for zone in zones or ["Europe/Zurich"]:
        calendar.add_component(vtimezone(zone))
    return calendar.to_ical()


def _duration_text(value: dt.timedelta) -> str:
    hours = int(value.total_seconds() // 3600)
    return f"PT{hours}H"


def vtimezone(name: str) -> Component:
    """The zone's definition as every common parser reads it (see vtimezones.py); a fresh
    component each time, as a component is mutable."""
    return Timezone.from_ical(vtimezone_bytes(name).decode())


def sessions_calendar(sessions: Sequence[Session], *, name: str, lang: str, site_url: str) -> bytes:
    return build_calendar(
        (
            session_event(s, lang=lang, site_url=site_url)
            for s in sessions
            if is_calendar_session(s)
        ),
        name=name,
    )


def meetings_calendar(meetings: Sequence[Meeting], *, name: str, lang: str, site_url: str) -> bytes:
    return build_calendar(
        (meeting_event(m, lang=lang, site_url=site_url) for m in meetings), name=name
    )


def session_invite(
    session: Session, *, method: str = "REQUEST", lang: str = "en", site_url: str = ""
) -> bytes:
    """A single-event calendar for an e-mail or "add to my calendar": same UID and SEQUENCE as the feeds."""
    if method not in ("PUBLISH", "REQUEST", "CANCEL"):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    event = session_event(session, lang=lang, site_url=site_url)
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    return build_calendar([event], name=session.title_in(lang), method=method)
