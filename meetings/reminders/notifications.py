"""The messages: reminders and change notices in the subscriber's language, with an .ics attached."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from config.site import site_url
from governance.validators import single_line
from meetings.domain import ical
from meetings.domain.datespans import format_partial
from meetings.models import Delivery, Session

DEFAULT_LEAD_DAYS = [30, 7, 1]


def _dates(session: Session, start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start is None:
        return session.date_label or _("dates not set")
    return format_partial(start, end or start, session.date_precision, session.date_label, lang)


def unsubscribe_url(token: str) -> str:
    return site_url() + reverse("meetings:unsubscribe", args=[token])


def _content(delivery: Delivery) -> tuple[str, list[str]]:
    """The subject and the lines of one message, in the subscriber's language (active)."""
    subscriber, session = delivery.subscriber, delivery.session
    lang = subscriber.language
    # The subject is a mail header: a line break from a row stored before names were checked
    # (or written around the check) would raise BadHeaderError on every retry. One line, always.
    title = single_line(session.title_in(lang))
    venue = str(session.venue) if session.venue_id else _("Geneva (headquarters)")
    # Before anything else: a demonstration session must not be mistaken for a real one.
    lines: list[str] = [str(ical.DEMONSTRATION)] if session.is_demonstration else []
    if delivery.kind == "change":
        subject = _("Changed: %(title)s") % {"title": title}
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
            lines.append(
                _("Status: %(old)s -> %(new)s")
                % {"old": changes["status"][0], "new": session.get_status_display()}
            )
    elif delivery.kind == "deadline":
        subject = _("Deadline: %(title)s") % {"title": title}
        lines.append(delivery.reason)
    else:
        subject = _("Reminder: %(title)s") % {"title": title}
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
    lines.append(_("Venue: %(venue)s") % {"venue": venue})
    agenda = [
        f"{item.label} {item.title}".strip()
        for item in session.agenda_items.all()
        if item.parent_id is None
    ]
    if agenda:
        lines.append(_("Agenda:"))
        lines.extend(f"  {line}" for line in agenda)
    documents = ical.public_documents(session)
    if documents:
        lines.append(_("Documents: %(list)s") % {"list": ", ".join(documents)})
    page = site_url() + session.get_absolute_url()
    lines.append(page)
    return subject, lines


def _email(subscriber, subject: str, lines: list[str], unsubscribe_token: str) -> EmailMessage:
    with translation.override(subscriber.language):
        lines = [
            *lines,
            "",
            _("Unsubscribe: %(url)s") % {"url": unsubscribe_url(unsubscribe_token)},
        ]
    return EmailMessage(
        subject=single_line(subject),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(unsubscribe_token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


class Parts:
    """What many messages of a batch share, built once: the text for one session, kind and
    language (and time zone), and the .ics for one session, method and language."""

    def __init__(self) -> None:
        self.contents: dict[tuple, tuple[str, list[str]]] = {}
        self.invites: dict[tuple, bytes] = {}

    def content(self, delivery: Delivery) -> tuple[str, list[str]]:
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
    message = _email(delivery.subscriber, subject, lines, unsubscribe_token)
    parts.attach_invite(message, delivery.session, delivery.subscriber.language, "session.ics")
    return message


def build_digest(
    deliveries: list[Delivery], *, unsubscribe_token: str, parts: Parts | None = None
) -> EmailMessage:
    """A daily or weekly digest: every message due for one subscriber, one .ics per session."""
    parts = parts or Parts()
    subscriber = deliveries[0].subscriber
    lang = subscriber.language
    lines: list[str] = []
    for delivery in deliveries:
        part_subject, part_lines = parts.content(delivery)
        lines.extend(["", part_subject, "=" * len(part_subject), *part_lines])
    with translation.override(lang):
        subject = _("Governance Calendar: %(count)d updates") % {"count": len(deliveries)}
    message = _email(subscriber, subject, lines[1:], unsubscribe_token)
    seen: set[int] = set()
    for delivery in deliveries:
        if delivery.session_id not in seen:
            seen.add(delivery.session_id)
            parts.attach_invite(
                message, delivery.session, lang, f"session-{delivery.session.key}.ics"
            )
    return message


def _day(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
