"""Dates in one style per language, through Django's formats; meetings named in the page's
language ("407th meeting", "407e séance"), their own titles marked as English."""

import datetime as dt
import re

import pytest

from tests.factories import MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def session():
    session = SessionFactory(start_date=dt.date(2008, 6, 17), end_date=dt.date(2008, 6, 18))
    MeetingFactory(session=session, number=407, date=dt.date(2008, 6, 17), part="morning")
    MeetingFactory(session=session, number=None, title="Informal briefing", date=session.end_date)
    return session


@pytest.mark.parametrize(
    ("lang", "numbered", "dates"),
    [
        ("en", "407th meeting: 17 June 2008 (morning)", "17-18 June 2008"),
        ("fr", "407e séance: 17 juin 2008 (matin)", "17-18 juin 2008"),
        ("es", "407.ª sesión: 17 de junio de 2008 (mañana)", "17-18 de junio de 2008"),
    ],
)
def test_a_session_page_writes_dates_and_meetings_in_one_style_per_language(
    client, session, lang, numbered, dates
):
    page = text(client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE=lang))
    assert numbered in page
    assert dates in page
    assert "2008-06-17" not in page and "June 17, 2008" not in page


def test_a_meetings_own_title_is_marked_as_english(client, session):
    html = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<span lang="en">Informal briefing</span>' in html
