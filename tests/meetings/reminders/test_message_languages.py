"""Reminders in French and Spanish: the agenda, venue and documents in the subscriber's language
where given; in the HTML part, what falls back to English is marked lang="en", and the text
part carries the text alone."""

import datetime as dt
import zoneinfo
from email import message_from_bytes

import pytest
from django.core import mail
from django.utils import timezone

from meetings.reminders.delivery import delivery_send, scan
from meetings.reminders.subscriptions import subscriber_subscribe
from meetings.services import sessions as services
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
SENT_AT = dt.datetime.combine(dt.date(2031, 11, 25), dt.time(9), GENEVA)


def follower(body, language: str) -> None:
    subscriber, _ = subscriber_subscribe(
        email=f"{language}@example.org",
        language=language,
        timezone_name="Europe/Zurich",
        bodies=[body],
        everything=False,
    )
    subscriber.confirmed_at = timezone.now()
    subscriber.save()


def parts(message) -> tuple[str, str]:
    """The text and the HTML part, as a mail client reads them."""
    parsed = message_from_bytes(message.message().as_bytes())
    found = {}
    for part in parsed.walk():
        payload = part.get_payload(decode=True)
        if part.get_content_type() in ("text/plain", "text/html") and isinstance(payload, bytes):
            found[part.get_content_type()] = payload.decode()
    return found["text/plain"], found["text/html"]


@pytest.fixture
def session():
    council = BodyFactory(reminder_lead_days=[7])
    session = SessionFactory(
        body=council,
        number=96,
        venue=VenueFactory(),
        start_date=dt.date(2031, 12, 2),
        end_date=dt.date(2031, 12, 5),
    )
    AgendaItemFactory(
        session=session,
        label="1",
        title="Election of the Bureau",
        title_fr="Élection du Bureau",
        title_es="Elección de la Mesa",
    )
    item = AgendaItemFactory(session=session, label="2", title="Budget <2032>")
    item.documents.add(DocumentFactory(symbol=None, key="note-z", title="Strategy note"))
    return session


@pytest.mark.parametrize(
    ("lang", "subject", "translated", "venue"),
    [
        ("fr", "Rappel", "1 Élection du Bureau", "Genève"),
        ("es", "Recordatorio", "1 Elección de la Mesa", "Ginebra"),
    ],
)
def test_a_reminder_in_french_or_spanish(session, lang, subject, translated, venue):
    follower(session.body, lang)
    assert [
        delivery_send(delivery_id=pk, claim="w", now=SENT_AT) for pk in scan(claim="w", now=SENT_AT)
    ] == ["sent"]
    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    text, html = parts(message)
    assert f"  {translated}\n" in text and "  2 Budget <2032>\n" in text
    assert ": Strategy note\n" in text and f": {venue}\n" in text
    assert "lang=" not in text and "<span" not in text
    assert '<html lang="' + lang + '">' in html
    assert f"  {translated}<br>" in html
    assert '  2 <span lang="en">Budget &lt;2032&gt;</span><br>' in html
    assert ': <span lang="en">Strategy note</span><br>' in html
    assert f": {venue}<br>" in html


def test_an_english_reminder_marks_nothing(session):
    follower(session.body, "en")
    assert [
        delivery_send(delivery_id=pk, claim="w", now=SENT_AT) for pk in scan(claim="w", now=SENT_AT)
    ] == ["sent"]
    text, html = parts(mail.outbox[0])
    assert "1 Election of the Bureau" in text and "Venue: Geneva" in text
    assert "lang=" not in html.replace('<html lang="en">', "")


def test_a_change_notice_names_the_old_status_in_the_subscribers_language(
    session, django_capture_on_commit_callbacks, settings
):
    settings.CHANGE_NOTICE_QUIET_SECONDS = 0
    follower(session.body, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    later = timezone.now() + dt.timedelta(seconds=1)
    for pk in scan(claim="w", now=later):
        delivery_send(delivery_id=pk, claim="w", now=later)
    notice = next(m for m in mail.outbox if m.subject.startswith("Modification"))
    assert "Statut : Provisoire -> Annulée" in notice.body
