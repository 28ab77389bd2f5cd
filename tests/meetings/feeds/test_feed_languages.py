"""Feeds in French and Spanish: the secretariat's texts and venues in the feed's language where
given; what falls back to English says so with LANGUAGE=en; an English feed is unchanged."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    DocumentFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
START = dt.date.today() + dt.timedelta(days=40)


def event(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    (found,) = Calendar.from_ical(response.content).walk("VEVENT")
    return found


@pytest.fixture
def session():
    session = SessionFactory(
        venue=VenueFactory(), start_date=START, end_date=START + dt.timedelta(days=1)
    )
    AgendaItemFactory(
        session=session,
        label="1",
        title="Adoption of the agenda",
        title_fr="Adoption de l'ordre du jour",
        title_es="Aprobación del orden del día",
    )
    AgendaItemFactory(session=session, label="2", title="Any other business")
    report = DocumentFactory(symbol=None, key="note-x", title="Strategy note", title_fr="Note")
    session.report = report
    session.save()
    return session


def test_the_french_feed_carries_the_french_agenda_and_venue(client, session):
    french = event(client, "/feeds/sessions.ics?lang=fr")
    assert str(french["DESCRIPTION"]).splitlines() == [
        "Ordre du jour:",
        "1 Adoption de l'ordre du jour",
        "2 Any other business",
        "Documents: Note",
    ]
    assert str(french["LOCATION"]) == "Genève" and "LANGUAGE" not in french["LOCATION"].params
    # The title is French (the body has its French name): nothing to mark.
    assert "LANGUAGE" not in french["SUMMARY"].params
    spanish = event(client, "/feeds/sessions.ics?lang=es")
    assert "1 Aprobación del orden del día" in str(spanish["DESCRIPTION"])
    assert str(spanish["LOCATION"]) == "Ginebra"


def test_the_english_feed_has_the_originals_and_no_language_parameter(client, session):
    english = event(client, "/feeds/sessions.ics")
    assert str(english["DESCRIPTION"]).splitlines()[1:] == [
        "1 Adoption of the agenda",
        "2 Any other business",
        "Documents: Strategy note",
    ]
    assert b"LANGUAGE=" not in client.get("/feeds/sessions.ics").content


def test_what_falls_back_to_english_in_a_french_feed_says_language_en(client):
    body = BodyFactory(key="forum-y", name="Global Forum", name_fr="", name_es="")
    venue = VenueFactory(key="un-hq", name="United Nations Headquarters", city="New York")
    SessionFactory(body=body, venue=venue, start_date=START, end_date=START)
    french = event(client, "/feeds/sessions.ics?lang=fr")
    for name in ("SUMMARY", "LOCATION", "CATEGORIES"):
        assert french[name].params["LANGUAGE"] == "en", name
    assert str(french["LOCATION"]) == "United Nations Headquarters, New York"
    assert b"LOCATION;LANGUAGE=en:United Nations Headquarters\\, New York" in (
        client.get("/feeds/sessions.ics?lang=fr").content
    )


def test_categories_mixing_an_english_name_and_a_french_word_carry_no_language(client):
    body = BodyFactory(key="forum-z", name="Global Forum", name_fr="", name_es="")
    SessionFactory(body=body, is_demonstration=True, start_date=START, end_date=START)
    french = event(client, "/feeds/sessions.ics?lang=fr")
    assert french["CATEGORIES"].cats[0] == "Global Forum"
    assert "LANGUAGE" not in french["CATEGORIES"].params
