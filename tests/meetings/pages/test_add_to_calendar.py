"""A session page offers that session to calendars, and the body's subscription apart, by name;
a session known only to a month, a season or a year is in no calendar, and the page says why."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Delivery, Subscriber
from meetings.reminders.notifications import build_message
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def links_under(html: str, label: str) -> list[str]:
    (block,) = re.findall(
        rf'<ul class="subscribe-links" aria-label="{label}">(.*?)</ul>', html, re.S
    )
    return re.findall(r'href="([^"]+)"', block)


def test_a_session_page_subscribes_calendars_to_that_session_and_names_the_bodys_feed(client):
    session = SessionFactory(start_date=dt.date(2031, 6, 2), end_date=dt.date(2031, 6, 4))
    html = client.get(f"/sessions/{session.key}/").content.decode()
    ics = f"http://testserver/sessions/{session.key}.ics"
    assert links_under(html, "Add this session to your calendar") == [
        f"webcal://testserver/sessions/{session.key}.ics",
        "https://calendar.google.com/calendar/r?cid="
        + quote(f"webcal://testserver/sessions/{session.key}.ics", safe=""),
        "https://outlook.office.com/calendar/0/addfromweb?url=" + quote(ics, safe=""),
        ics,
    ]
    body_links = links_under(html, f"Subscribe to every session of the {session.body}")
    assert body_links[-1] == f"http://testserver/feeds/bodies/{session.body.key}.ics"
    assert f"Every session of the {session.body}" in html


def test_the_sessions_own_calendar_holds_that_session_only(client):
    session = SessionFactory(start_date=dt.date(2031, 6, 2), end_date=dt.date(2031, 6, 4))
    SessionFactory(body=session.body, number=session.number + 1)
    calendar = Calendar.from_ical(client.get(f"/sessions/{session.key}.ics").content)
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [session.ical_uid("session")]
    assert str(calendar["method"]) == "PUBLISH"


@pytest.mark.parametrize("precision", ["month", "season", "year"])
def test_a_session_known_only_to_a_month_season_or_year_is_in_no_calendar(client, precision):
    session = SessionFactory(
        start_date=dt.date(2031, 12, 1), end_date=dt.date(2031, 12, 31), date_precision=precision
    )
    html = client.get(f"/sessions/{session.key}/").content.decode()
    assert "Its days are not known yet" in html
    assert "Add this session to your calendar" not in html
    assert client.get(f"/sessions/{session.key}.ics").status_code == 404
    feed = Calendar.from_ical(client.get(f"/feeds/bodies/{session.body.key}.ics").content)
    assert feed.walk("VEVENT") == []


def test_the_note_is_in_french_and_spanish(client):
    session = SessionFactory(start_date=dt.date(2031, 12, 1), date_precision="month")
    french = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    spanish = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Ses jours ne sont pas encore connus" in french
    assert "Sus días aún no se conocen" in spanish


def reminder(session) -> Delivery:
    subscriber, _ = Subscriber.objects.get_or_create(
        email="delegate@example.org", defaults={"token_hash": "h", "confirmed_at": timezone.now()}
    )
    return Delivery.objects.create(
        subscriber=subscriber,
        kind="reminder",
        session=session,
        occasion=f"reminder-{session.pk}",
        lead_days=7,
        due_at=timezone.now(),
    )


def test_a_reminder_for_a_session_known_only_to_a_month_has_no_ics():
    month = SessionFactory(start_date=dt.date(2031, 12, 1), date_precision="month")
    dated = SessionFactory(start_date=dt.date(2031, 6, 2))
    assert build_message(reminder(month), unsubscribe_token="t").attachments == []
    attachments = build_message(reminder(dated), unsubscribe_token="t").attachments
    assert [name for name, _content, _type in attachments] == ["session.ics"]


def test_subscribe_links_on_a_french_page_give_the_french_feed(client):
    session = SessionFactory(start_date=dt.date(2031, 6, 2))
    html = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    links = re.findall(r'<ul class="subscribe-links"[^>]*>(.*?)</ul>', html, re.S)
    hrefs = [href for block in links for href in re.findall(r'href="([^"]+)"', block)]
    assert len(hrefs) == 8
    assert all("lang%3Dfr" in href or "lang=fr" in href for href in hrefs), hrefs
    english = client.get(f"/sessions/{session.key}/").content.decode()
    assert "?lang=" not in english and "lang%3D" not in english
    feed = Calendar.from_ical(client.get(f"/sessions/{session.key}.ics?lang=fr").content)
    (event,) = feed.walk("VEVENT")
    assert str(event["summary"]) == session.title_in("fr")
