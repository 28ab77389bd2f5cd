"""How a listed session is written: venue, report, dates and moments in the reader's time zone,
and titles in three languages for sessions of every shape."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from meetings.api.serializers import SessionSerializer
from meetings.models import Session
from tests.factories import DocumentFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["UTC", "Europe/Zurich", "America/Bogota"])
def test_venue_report_dates_and_moments_in_any_time_zone(zone):
    session = SessionFactory(
        venue=VenueFactory(),
        report=DocumentFactory(),
        kind="special",
        requested_on=dt.date(2030, 10, 1),
        notice_sent_on=dt.date(2030, 10, 20),
        source_file="",
    )
    listed = Session.objects.for_listing().get(pk=session.pk)
    with timezone.override(zone):
        written = SessionSerializer(listed).data
    assert written["venue"] == {
        "key": session.venue.key,
        "name": "Geneva",
        "name_fr": "Genève",
        "name_es": "Ginebra",
        "city": "Geneva",
        "city_fr": "Genève",
        "city_es": "Ginebra",
        "country": "Switzerland",
        "country_code": "CH",
        "timezone": session.venue.timezone,
    }
    assert written["timezone"] == session.venue.timezone
    assert written["report"] == session.report.key
    assert written["source"] is None and written["requested_on"] == "2030-10-01"
    assert written["notice_sent_on"] == "2030-10-20"
    assert written["updated_at"].endswith("Z") == (zone == "UTC")
    assert written["ical_uid"] == session.ical_uid("session")
    assert written["url"].endswith(f"/sessions/{session.key}/")


def test_the_public_list_writes_sessions_of_every_shape():
    """Unnumbered with a name or with only a body and dates, undated, special, known to the
    month or week, without venue or report, with a source or none."""
    SessionFactory(number=None, name="Intersessional Workshop on Migration", venue=VenueFactory())
    SessionFactory(number=None, name="", date_precision="month")
    SessionFactory(number=None, name="", start_date=None, date_label="autumn 2031")
    SessionFactory(kind="special", report=DocumentFactory())
    SessionFactory(date_precision="week", date_label="week of 2 Dec", source_file="MC-2278.md")
    SessionFactory(is_published=False)
    answer = APIClient().get("/api/v1/sessions/", {"limit": 50}).json()
    assert answer["count"] == 5
    written = answer["results"]
    assert [row["key"] for row in written] == [
        s.key for s in Session.objects.public().order_by("start_date", "pk")
    ]
    assert all(row["title"] == row["titles"]["en"] for row in written)
    titles = [row["titles"] for row in written]
    assert {
        "en": "Council December 2030",
        "fr": "Conseil décembre 2030",
        "es": "Consejo diciembre de 2030",
    } in titles
    assert any(t["es"].endswith("(extraordinaria) del Consejo") for t in titles)
    assert any(row["title"] == "Intersessional Workshop on Migration" for row in written)
    assert any(row["source"] and row["source"]["file"] == "MC-2278.md" for row in written)
    assert any(row["venue"] is None and row["report"] is None for row in written)
