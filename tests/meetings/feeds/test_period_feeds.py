"""Feeds of a chosen period (?year=, ?from=&to=): exactly the sessions on a day of it, read the
same by three parsers, with clear 400s in the reader's language, kept like the other feeds, and
offered from the calendar page of that year."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings.domain import ical
from meetings.models import Session
from meetings.selectors import feeds
from meetings.selectors.feeds import FeedParams, FeedSpec
from tests.conftest import require_service
from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db
FEED = "/feeds/sessions.ics"
ICAL_JS = Path(__file__).resolve().parents[2] / "js"


def session_on(first: dt.date, last: dt.date | None = None, **kwargs) -> Session:
    return SessionFactory.create(start_date=first, end_date=last or first, **kwargs)


# --- three readers: each event's UID and first day -------------------------------------


def read_with_icalendar(body: bytes) -> dict[str, dt.date]:
    return {
        str(event["UID"]): event["DTSTART"].dt
        for event in Calendar.from_ical(body.decode()).walk("VEVENT")
    }


def read_with_vobject(body: bytes) -> dict[str, dt.date]:
    calendar = vobject.readOne(body.decode())
    return {e.uid.value: e.dtstart.value for e in getattr(calendar, "vevent_list", [])}


def read_with_ical_js(body: bytes) -> dict[str, dt.date]:
    node = shutil.which("node")
    if node is None or not (ICAL_JS / "node_modules" / "ical.js").exists():
        require_service("node", "node and ical.js (`make test` runs npm ci in tests/js)")
    answer = subprocess.run(
        [node, str(ICAL_JS / "event_instants.mjs")], input=body, capture_output=True, check=True
    )
    # An all-day event's start is its day at 00:00, floating: read as UTC.
    return {
        event["uid"]: dt.datetime.fromtimestamp(event["start"], dt.UTC).date()
        for event in json.loads(answer.stdout)
    }


READERS = [read_with_icalendar, read_with_vobject, read_with_ical_js]


def in_calendars(first: dt.date, last: dt.date) -> dict[str, dt.date]:
    """From the database: the published sessions in calendars on a day from first to last."""
    sessions = Session.objects.public().filter(
        start_date__isnull=False,
        date_precision__in=ical.CALENDAR_PRECISIONS,
        start_date__lte=last,
        end_date__gte=first,
    )
    return {s.ical_uid("session"): s.start_date for s in sessions}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_a_years_feed_holds_exactly_the_sessions_of_that_year(seeded, client, reader):
    response = client.get(f"{FEED}?year=2009")
    expected = in_calendars(dt.date(2009, 1, 1), dt.date(2009, 12, 31))
    assert len(expected) >= 10  # the seeded record has a dozen
    assert reader(response.content) == expected
    assert response["Content-Disposition"] == 'inline; filename="sessions-2009.ics"'
    name = str(Calendar.from_ical(response.content)["X-WR-CALNAME"])
    assert name == "Governance Calendar (2009)"


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_a_from_to_feed_holds_the_sessions_of_the_period(seeded, client, reader):
    response = client.get(f"{FEED}?from=2008-01-01&to=2009-06-30&lang=fr")
    expected = in_calendars(dt.date(2008, 1, 1), dt.date(2009, 6, 30))
    assert len(expected) > len(in_calendars(dt.date(2008, 1, 1), dt.date(2008, 12, 31)))
    assert reader(response.content) == expected
    name = str(Calendar.from_ical(response.content)["X-WR-CALNAME"])
    assert name == "Calendrier des organes directeurs (2008-01-01/2009-06-30)"


def test_both_bounds_are_days_of_the_period():
    ends_on_first = session_on(dt.date(2008, 12, 30), dt.date(2009, 1, 1))
    starts_on_last = session_on(dt.date(2009, 6, 30), dt.date(2009, 7, 2))
    session_on(dt.date(2008, 12, 29), dt.date(2008, 12, 31))  # ends the day before
    session_on(dt.date(2009, 7, 1))  # starts the day after
    inside = session_on(dt.date(2009, 3, 3), dt.date(2009, 3, 5))
    session_on(dt.date(2009, 3, 10), is_published=False)
    session_on(dt.date(2009, 4, 1), dt.date(2009, 4, 30), date_precision="month")
    from django.test import Client

    body = Client().get(f"{FEED}?from=2009-01-01&to=2009-06-30").content
    assert set(read_with_icalendar(body)) == {
        s.ical_uid("session") for s in (ends_on_first, starts_on_last, inside)
    }


def test_a_cancelled_session_of_the_period_is_in_unless_left_out(client):
    cancelled = session_on(dt.date(2009, 5, 5), status="cancelled")
    (event,) = Calendar.from_ical(client.get(f"{FEED}?year=2009").content).walk("VEVENT")
    assert (str(event["UID"]), str(event["STATUS"])) == (cancelled.ical_uid("session"), "CANCELLED")
    left_out = client.get(f"{FEED}?year=2009&include_cancelled=0").content
    assert Calendar.from_ical(left_out).walk("VEVENT") == []


def test_a_bodys_feed_and_a_personal_feed_take_a_period_too(client):
    scpf = BodyFactory(key="scpf", name="SCPF")
    mine = session_on(dt.date(2009, 5, 5), body=scpf)
    session_on(dt.date(2009, 5, 6))
    session_on(dt.date(2010, 5, 5), body=scpf)
    expected = {mine.ical_uid("session"): mine.start_date}
    assert read_with_icalendar(client.get("/feeds/bodies/scpf.ics?year=2009").content) == expected
    _feed, token = feeds.personal_feed_create(bodies=[scpf])
    response = client.get(f"/feeds/p/{token}.ics?from=2009-01-01&to=2009-12-31")
    assert read_with_icalendar(response.content) == expected
    assert "private" in response["Cache-Control"]


# --- 400s ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "year must be a year from 1950 to 2100."),
        ("year=1800", "year must be a year from 1950 to 2100."),
        ("year=209", "year must be a year from 1950 to 2100."),
        ("year=", "year must be a year from 1950 to 2100."),
        ("from=2009-01-01", "from and to go together: give both dates."),
        ("to=2009-01-01", "from and to go together: give both dates."),
        (
            "from=2009-02-30&to=2009-03-01",
            "from must be a date from 1950-01-01 to 2100-12-31, written YYYY-MM-DD.",
        ),
        (
            "from=20090101&to=2009-03-01",
            "from must be a date from 1950-01-01 to 2100-12-31, written YYYY-MM-DD.",
        ),
        (
            "from=2009-01-01&to=3000-01-01",
            "to must be a date from 1950-01-01 to 2100-12-31, written YYYY-MM-DD.",
        ),
        ("from=2009-06-30&to=2009-01-01", "from must not be after to."),
        ("from=2008-01-01&to=2018-01-01", "A period can be at most 10 years long."),
        ("year=2009&from=2009-01-01&to=2009-02-01", "Give either year, or from and to, not both."),
        ("year=2009&to=2009-02-01", "Give either year, or from and to, not both."),
        ("year=2009&past=30", "past cannot be combined with year, from or to."),
    ],
)
def test_a_bad_period_is_a_400_that_says_why(client, query, message):
    response = client.get(f"{FEED}?{query}")
    assert (response.status_code, response.content.decode()) == (400, message)


def test_ten_years_to_the_day_before_is_the_longest_period(client):
    assert client.get(f"{FEED}?from=2008-01-01&to=2017-12-31").status_code == 200
    assert client.get(f"{FEED}?from=2008-02-29&to=2018-02-28").status_code == 200
    assert client.get(f"{FEED}?from=2008-02-29&to=2018-03-01").status_code == 400


def test_the_400_is_in_the_feeds_language_or_else_the_readers(client):
    french = client.get(f"{FEED}?from=2009-06-30&to=2009-01-01&lang=fr")
    assert french.content.decode() == "from ne doit pas être après to."
    spanish = client.get(f"{FEED}?year=2009&past=7", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.content.decode() == "past no puede combinarse con year, from ni to."
    too_long = client.get(f"{FEED}?from=2000-01-01&to=2012-01-01&lang=es")
    assert too_long.content.decode() == "Un período puede durar como máximo 10 años."


# --- kept like the other feeds -----------------------------------------------------


def test_a_years_body_is_kept_and_answered_without_sql(client, django_assert_num_queries):
    session_on(dt.date(2009, 5, 5))
    first = client.get(f"{FEED}?year=2009")
    with django_assert_num_queries(0):
        assert client.get(f"{FEED}?year=2009").content == first.content
    with django_assert_num_queries(0):
        assert client.get(f"{FEED}?year=2009", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(f"{FEED}?year=2010")["ETag"] != first["ETag"]


def test_an_empty_year_and_a_from_to_period_are_built_for_each_request(client):
    session_on(dt.date(2009, 5, 5))
    for url in (f"{FEED}?year=1977", f"{FEED}?from=2009-01-01&to=2009-12-31"):
        client.get(url)
        with CaptureQueriesContext(connection) as again:
            client.get(url)
        assert len(again) > 0, url


def test_a_periods_etag_does_not_move_with_the_day():
    spec = FeedSpec("sessions", "x", "all")
    year = FeedParams(year=2009, first=dt.date(2009, 1, 1), last=dt.date(2009, 12, 31))
    today, tomorrow = dt.date(2026, 3, 1), dt.date(2026, 3, 2)

    def etag(params: FeedParams, day: dt.date) -> str:
        return feeds.etag_for(spec, params, 1, day, site_url="http://testserver")

    assert etag(year, today) == etag(year, tomorrow)
    assert etag(FeedParams(), today) != etag(FeedParams(), tomorrow)
    same_days = FeedParams(first=dt.date(2009, 1, 1), last=dt.date(2009, 12, 31))
    assert etag(year, today) != etag(same_days, today)


def test_building_a_period_costs_the_same_queries_for_ten_and_a_hundred_sessions(client):
    body = BodyFactory()
    counts = []
    for n in (10, 100):
        Session.objects.all().delete()
        for i in range(n):
            session_on(dt.date(2009, 1, 1) + dt.timedelta(days=i * 3), body=body, number=i + 1)
        cache.clear()
        with CaptureQueriesContext(connection) as build:
            assert len(read_with_icalendar(client.get(f"{FEED}?year=2009").content)) == n
        counts.append(len(build))
    assert counts[0] == counts[1]


# --- offered from the calendar page of the year -----------------------------------------


def feed_links(html: str) -> list[tuple[str, str]]:
    (block,) = re.findall(r'<ul class="period-feeds">(.*?)</ul>', html, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)', block)


@pytest.mark.parametrize(
    ("lang", "subscribe", "download", "query"),
    [
        ("en", "Subscribe to 2009", "Download 2009", "?year=2009"),
        ("fr", "S'abonner à 2009", "Télécharger 2009", "?year=2009&amp;lang=fr"),
        ("es", "Suscribirse a 2009", "Descargar 2009", "?year=2009&amp;lang=es"),
    ],
)
def test_the_calendar_of_a_year_offers_its_feeds(seeded, client, lang, subscribe, download, query):
    html = client.get("/calendar/?year=2009", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    links = feed_links(html)
    bodies = sorted(
        {
            s.body.key
            for s in Session.objects.public().filter(
                start_date__year=2009, date_precision__in=ical.CALENDAR_PRECISIONS
            )
        }
    )
    expected = []
    for path in ["/feeds/sessions.ics"] + [f"/feeds/bodies/{key}.ics" for key in bodies]:
        expected += [
            (f"webcal://testserver{path}{query}", subscribe),
            (f"http://testserver{path}{query}", download),
        ]
    assert sorted(links) == sorted(expected)
    assert len(bodies) >= 3


def test_a_calendar_filtered_by_body_offers_that_bodys_year(client):
    scpf = BodyFactory(key="scpf", name="SCPF")
    session_on(dt.date(2009, 5, 5))
    html = client.get("/calendar/?year=2009&body=scpf").content.decode()
    assert [href for href, _text in feed_links(html)] == [
        "webcal://testserver/feeds/sessions.ics?year=2009",
        "http://testserver/feeds/sessions.ics?year=2009",
        f"webcal://testserver/feeds/bodies/{scpf.key}.ics?year=2009",
        f"http://testserver/feeds/bodies/{scpf.key}.ics?year=2009",
    ]
