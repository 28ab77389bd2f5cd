"""A record of past years still shows something: the most recent sessions on the home page, and
the calendar opens on the latest year that has sessions (a fresh install's seeds are 2008-2012)."""

import datetime as dt
import re

import pytest

from meetings.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_with_nothing_upcoming_the_home_page_lists_the_most_recent_sessions_latest_first(client):
    older = SessionFactory(start_date=dt.date(2009, 5, 5), end_date=dt.date(2009, 5, 6))
    newer = SessionFactory(start_date=dt.date(2011, 12, 5), end_date=dt.date(2011, 12, 7))
    SessionFactory(start_date=dt.date(2010, 1, 1), is_published=False)
    page = text(client.get("/"))
    assert "No upcoming sessions are published." in page
    recent = page.split("Most recent sessions", 1)[1]
    assert recent.index(newer.title) < recent.index(older.title)
    assert "(unpublished)" not in page and page.count(" 2010") == 0


def test_with_sessions_upcoming_the_home_page_shows_no_recent_list(client):
    SessionFactory(start_date=dt.date(2009, 5, 5))
    SessionFactory(start_date=TODAY + dt.timedelta(days=30))
    assert "Most recent sessions" not in text(client.get("/"))


def test_the_calendar_opens_on_the_latest_year_that_has_sessions(client, seeded):
    latest = (
        Session.objects.public()
        .exclude(start_date=None)
        .order_by("-start_date")
        .values_list("start_date", flat=True)
    )
    assert latest[0].year < TODAY.year
    assert client.get("/calendar/").context["year"] == latest[0].year
    assert client.get("/calendar/?year=2009").context["year"] == 2009


def test_the_calendar_opens_on_this_year_when_it_has_sessions(client):
    SessionFactory(start_date=dt.date(2009, 5, 5))
    SessionFactory(start_date=TODAY.replace(month=1, day=15))
    assert client.get("/calendar/").context["year"] == TODAY.year


def test_the_calendar_opens_on_this_year_when_there_are_no_sessions(client):
    assert client.get("/calendar/").context["year"] == TODAY.year


def test_the_home_page_in_french_names_the_recent_sessions(client):
    SessionFactory(start_date=dt.date(2009, 5, 5))
    assert "Sessions les plus récentes" in text(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"))


def test_the_calendar_of_a_year_shows_it_at_a_glance_in_three_languages(client):
    council = SessionFactory(start_date=dt.date(2009, 6, 30), end_date=dt.date(2009, 7, 1))
    html = client.get("/calendar/?year=2009").content.decode()
    (table,) = re.findall(r'<table class="year">.*?</table>', html, re.S)
    (row,) = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
    assert (
        f'colspan="2" class="bar"><a class="status-{council.status}" href="{council.get_absolute_url()}"'
        in row
    )
    assert row.count("<td") == 3  # January-May, June-July, August-December
    assert "2009 at a glance" in html
    french = client.get("/calendar/?year=2009", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    spanish = client.get("/calendar/?year=2009", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "2009 en un coup d" in french and "2009 de un vistazo" in spanish
    assert '<abbr title="juin">' in french and '<abbr title="junio">' in spanish
    assert '<table class="year">' not in client.get("/calendar/?year=2009&month=6").content.decode()
