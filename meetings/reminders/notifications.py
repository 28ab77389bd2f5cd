"""The messages: reminders and change notices in the subscriber's language, with an .ics attached.

Each message has a plain-text part and an HTML part with the same lines; in the HTML, a name or
title that has no version in the subscriber's language, and so is given in English, is marked
with its ``lang`` (a screen reader then says it in English).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from config.site import site_url
from governance.domain.languages import language_code
from governance.validators import single_line
from meetings.domain import ical
from meetings.domain.datespans import format_partial
from meetings.domain.titles import title_language
from meetings.models import Delivery, Session
from meetings.models.enums import SessionStatus
from meetings.models.reminders import DeliveryKind
from meetings.models.saved_searches import AlertKind
from meetings.reminders.matches import saved_search_matches
from meetings.reminders.subscriptions import unsubscribe_token as subscriber_token
from meetings.selectors.search import SearchHit

MATCHES_SHOWN = 20  # an alert lists at most this many matches, then links to the search

DEFAULT_LEAD_DAYS = [30, 7, 1]


def _dates(session: Session, start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start is None:
        return session.date_label or _("dates not set")
    return format_partial(start, end or start, session.date_precision, session.date_label, lang)


def unsubscribe_url(token: str) -> str:
    return site_url() + reverse("meetings:unsubscribe", args=[token])


@dataclass(frozen=True)
class Line:
    """One line of a message, as plain text and as HTML (text not in the message's language
    inside ``<span lang>``)."""

    text: str
    html: SafeString

    @classmethod
    def plain(cls, text: str) -> Line:
        return cls(text, conditional_escape(text))

    @classmethod
    def filled(cls, template: str, lang: str, **values: tuple[str, str] | Line) -> Line:
        """``template % values`` as both texts; each value is a (text, its language) pair or a
        Line already made."""
        parts = {
            name: value if isinstance(value, Line) else Line(value[0], _marked(*value, lang))
            for name, value in values.items()
        }
        return cls(
            template % {name: part.text for name, part in parts.items()},
            # The template escaped, each part escaped or marked: safe.
            mark_safe(conditional_escape(template) % {n: p.html for n, p in parts.items()}),
        )

    @classmethod
    def joined(cls, lines: Sequence[Line], separator: str = ", ") -> Line:
        return cls(
            separator.join(line.text for line in lines),
            mark_safe(conditional_escape(separator).join(line.html for line in lines)),
        )


def _marked(text: str, text_lang: str, lang: str) -> SafeString:
    if text and text_lang != language_code(lang):
        return format_html('<span lang="{}">{}</span>', text_lang, text)
    return conditional_escape(text)


def _as_line(line: Line | str) -> Line:
    return line if isinstance(line, Line) else Line.plain(line)


def _content(delivery: Delivery) -> tuple[Line, list[Line]]:
    """The subject and the lines of one message, in the subscriber's language (active)."""
    subscriber, session = delivery.subscriber, delivery.session
    assert session is not None  # every kind but an alert has its session
    lang = subscriber.language
    # The subject is a mail header: a line break from a row stored before names were checked
    # (or written around the check) would raise BadHeaderError on every retry. One line, always.
    title = (single_line(session.title_in(lang)), title_language(session, lang))
    venue = (
        session.venue.label_in(lang)
        if session.venue is not None
        else (_("Geneva (headquarters)"), lang)
    )
    # Before anything else: a demonstration session must not be mistaken for a real one.
    lines: list[Line | str] = [str(ical.DEMONSTRATION)] if session.is_demonstration else []
    if delivery.kind == "change":
        subject = Line.filled(_("Changed: %(title)s"), lang, title=title)
        changes = (delivery.change.changes if delivery.change is not None else {}) or {}
        old = (
            changes.get("start_date", [None, None])[0],
            changes.get("end_date", [None, None])[0],
        )
        if "start_date" in changes or "end_date" in changes:
            old_text = _dates(
                session,
                _day(old[0]) or session.start_date,
                _day(old[1]) or session.end_date,
                lang,
            )
            lines.append(
                _("Dates: %(old)s -> %(new)s")
                % {
                    "old": old_text,
                    "new": _dates(session, session.start_date, session.end_date, lang),
                }
            )
        if "status" in changes:
            old_status = changes["status"][0]
            lines.append(
                _("Status: %(old)s -> %(new)s")
                % {
                    "old": SessionStatus(old_status).label
                    if old_status in SessionStatus.values
                    else old_status,
                    "new": session.get_status_display(),
                }
            )
    elif delivery.kind == "deadline":
        subject = Line.filled(_("Deadline: %(title)s"), lang, title=title)
        lines.append(delivery.reason)
    elif delivery.kind == DeliveryKind.REGISTRATION:
        subject = Line.filled(_("Registration: %(title)s"), lang, title=title)
        lines.append(delivery.reason)
    else:
        subject = Line.filled(_("Reminder: %(title)s"), lang, title=title)
    lines.append(
        _("Dates: %(dates)s (venue time, %(zone)s)")
        % {
            "dates": _dates(session, session.start_date, session.end_date, lang),
            "zone": session.timezone,
        }
    )
    if session.start_date and subscriber.timezone != session.timezone:
        opening = dt.datetime.combine(
            session.start_date, dt.time(10), zoneinfo.ZoneInfo(session.timezone)
        )
        local = opening.astimezone(zoneinfo.ZoneInfo(subscriber.timezone))
        lines.append(
            _("The session opens at 10:00 in %(venue_zone)s, %(local)s in your time (%(zone)s).")
            % {
                "venue_zone": session.timezone,
                "local": local.strftime("%Y-%m-%d %H:%M"),
                "zone": subscriber.timezone,
            }
        )
    lines.append(Line.filled(_("Venue: %(venue)s"), lang, venue=venue))
    agenda = ical.agenda_lines(session, lang)
    if agenda:
        lines.append(_("Agenda:"))
        lines.extend(
            Line.filled(
                "  %(label)s %(title)s" if label else "  %(title)s",
                lang,
                label=(label, lang),
                title=(title, title_lang),
            )
            for label, title, title_lang in agenda
        )
    documents = [
        Line.filled("%(name)s", lang, name=name) for name in ical.document_names(session, lang)
    ]
    if documents:
        lines.append(Line.filled(_("Documents: %(list)s"), lang, list=Line.joined(documents)))
    if delivery.kind == DeliveryKind.REGISTRATION:
        # Where the mission acts on it: its registration on the portal.
        lines.append(site_url() + reverse("portal:registration", args=[session.key]))
    else:
        lines.append(site_url() + session.get_absolute_url())
    return subject, [_as_line(line) for line in lines]


@dataclass(frozen=True)
class Section:
    """A message's part in the HTML: a digest has one per update, under its subject."""

    heading: Line | None
    lines: Sequence[Line]


def _email(
    subscriber, subject: Line | str, sections: list[Section], unsubscribe_token: str
) -> EmailMessage:
    lang = subscriber.language
    with translation.override(lang):
        unsubscribe = Line.plain(
            _("Unsubscribe: %(url)s") % {"url": unsubscribe_url(unsubscribe_token)}
        )
    text: list[str] = []
    for section in sections:
        if section.heading is not None:
            heading = section.heading.text
            text.extend([*([""] if text else []), heading, "=" * len(heading)])
        text.extend(line.text for line in section.lines)
    message = EmailMultiAlternatives(
        subject=single_line(_as_line(subject).text),
        body="\n".join([*text, "", unsubscribe.text]),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(unsubscribe_token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = render_to_string(
        "meetings/emails/message.html",
        {
            "lang": language_code(lang),
            "subject": _as_line(subject),
            "sections": sections,
            "unsubscribe": unsubscribe,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


class Parts:
    """What many messages of a batch share, built once: the text for one session, kind and
    language (and time zone), and the .ics for one session, method and language."""

    def __init__(self) -> None:
        self.contents: dict[tuple, tuple[Line, list[Line]]] = {}
        self.invites: dict[tuple, bytes] = {}
        self.matches: dict[int, list[SearchHit]] = {}

    def alert_matches(self, delivery: Delivery) -> list[SearchHit]:
        """An alert's matches, found again as it is sent: what was withdrawn since is left out."""
        if delivery.pk not in self.matches:
            assert delivery.saved_search is not None
            assert delivery.window_start is not None and delivery.window_end is not None
            self.matches[delivery.pk] = saved_search_matches(
                delivery.saved_search,
                since=delivery.window_start,
                until=delivery.window_end,
                language=delivery.subscriber.language,
            )
        return self.matches[delivery.pk]

    def content(self, delivery: Delivery) -> tuple[Line, list[Line]]:
        if delivery.kind == DeliveryKind.ALERT:
            with translation.override(delivery.subscriber.language):
                return _alert_content(delivery, self.alert_matches(delivery))
        key = (
            delivery.session_id,
            delivery.kind,
            delivery.change_id,
            delivery.reason if delivery.kind == "deadline" else "",
            delivery.subscriber.language,
            delivery.subscriber.timezone,
        )
        if key not in self.contents:
            with translation.override(delivery.subscriber.language):
                self.contents[key] = _content(delivery)
        return self.contents[key]

    def attach_invite(
        self, message: EmailMessage, session: Session, lang: str, filename: str
    ) -> None:
        if not ical.is_calendar_session(session):
            return  # known only to a month, a season or a year: no event claims days
        method = "CANCEL" if session.status == "cancelled" else "REQUEST"
        key = (session.pk, method, lang)
        if key not in self.invites:
            self.invites[key] = ical.session_invite(
                session, method=method, lang=lang, site_url=site_url()
            )
        message.attach(
            filename, self.invites[key], f"text/calendar; method={method}; charset=utf-8"
        )


def build_message(
    delivery: Delivery, *, unsubscribe_token: str, parts: Parts | None = None
) -> EmailMessage:
    """One reminder, change notice or deadline reminder, with the session's .ics attached."""
    parts = parts or Parts()
    subject, lines = parts.content(delivery)
    message = _email(delivery.subscriber, subject, [Section(None, lines)], unsubscribe_token)
    if delivery.session is not None:
        parts.attach_invite(message, delivery.session, delivery.subscriber.language, "session.ics")
    return message


def build_digest(
    deliveries: list[Delivery], *, unsubscribe_token: str, parts: Parts | None = None
) -> EmailMessage:
    """A daily or weekly digest: every message due for one subscriber, one .ics per session."""
    parts = parts or Parts()
    subscriber = deliveries[0].subscriber
    lang = subscriber.language
    sections = [Section(*parts.content(delivery)) for delivery in deliveries]
    with translation.override(lang):
        subject = _("Governance Calendar: %(count)d updates") % {"count": len(deliveries)}
    message = _email(subscriber, subject, sections, unsubscribe_token)
    seen: set[int] = set()
    for delivery in deliveries:
        session = delivery.session
        if session is not None and session.pk not in seen:
            seen.add(session.pk)
            parts.attach_invite(message, session, lang, f"session-{session.key}.ics")
    return message


def _day(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _link(url: str) -> Line:
    return Line(url, format_html('<a href="{}">{}</a>', url, url))


def alerts_manage_url(token: str) -> str:
    return site_url() + reverse("meetings:search-alerts-manage", args=[token])


def _alert_content(delivery: Delivery, hits: list[SearchHit]) -> tuple[Line, list[Line]]:
    """An alert: the saved search's new matches by kind, each with its link (language active)."""
    saved_search, lang = delivery.saved_search, delivery.subscriber.language
    assert saved_search is not None
    label = (single_line(saved_search.label or saved_search.query), lang)
    subject = Line.filled(_("New results: %(search)s"), lang, search=label)
    lines: list[Line] = [
        Line.filled(
            _("Newly published and matching your saved search %(search)s:"), lang, search=label
        )
    ]
    shown = hits[:MATCHES_SHOWN]
    for kind in AlertKind:
        of_kind = [hit for hit in shown if hit.kind == kind.value]
        if not of_kind:
            continue
        lines.extend([Line.plain(""), Line.plain(str(kind.label))])
        for hit in of_kind:
            title = single_line(hit.title)
            symbol = hit.symbol if hit.symbol and hit.symbol not in title else ""
            lines.append(
                Line.filled(
                    "- %(symbol)s%(title)s",
                    lang,
                    symbol=(f"{symbol} " if symbol else "", lang),
                    title=(title, hit.language or lang),
                )
            )
            lines.append(_link(site_url() + hit.path))
    if len(hits) > len(shown):
        more = _("And %(count)d more:") % {"count": len(hits) - len(shown)}
        search = site_url() + "/search/?" + urlencode({"q": saved_search.query})
        lines.extend([Line.plain(""), Line.joined([Line.plain(more), _link(search)], " ")])
    manage = alerts_manage_url(subscriber_token(delivery.subscriber))
    lines.extend(
        [
            Line.plain(""),
            Line.joined(
                [Line.plain(_("Your saved searches (change or remove them):")), _link(manage)],
                " ",
            ),
        ]
    )
    return subject, lines
