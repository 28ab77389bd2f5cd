"""The session list's hand-written representation says exactly what the generic field loop says,
whether written from an instance or from the public list's rows (no instances)."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers

from meetings.api import listing
from meetings.api.serializers import SessionSerializer
from meetings.models import Session
from tests.factories import DocumentFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


def generic(session: Session) -> dict:
    serializer = SessionSerializer()
    return serializers.ModelSerializer.to_representation(serializer, session)


def test_every_seeded_session_reads_the_same_both_ways(seeded):
    sessions = list(Session.objects.for_listing())
    assert len(sessions) > 50
    for session in sessions:
        assert SessionSerializer().to_representation(session) == generic(session), session.key


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
        fast = SessionSerializer().to_representation(listed)
        assert fast == generic(listed)
    assert fast["venue"]["key"] == session.venue.key and fast["report"] == session.report.key
    assert fast["source"] is None and fast["requested_on"] == "2030-10-01"
    assert fast["updated_at"].endswith("Z") == (zone == "UTC")


def test_the_public_lists_rows_write_what_instances_write():
    """Sessions of every shape: unnumbered with a name or with only a body and dates, undated,
    special, known to the month or week, without venue or report, with a source or none."""
    SessionFactory(number=None, name="Intersessional Workshop on Migration", venue=VenueFactory())
    SessionFactory(number=None, name="", date_precision="month")
    SessionFactory(number=None, name="", start_date=None, date_label="autumn 2031")
    SessionFactory(kind="special", report=DocumentFactory())
    SessionFactory(date_precision="week", date_label="week of 2 Dec", source_file="MC-2278.md")
    SessionFactory(is_published=False)
    rows = listing.public_rows(QueryDict("limit=50"))
    assert rows is not None  # the compiled path, not DRF's
    count, page = rows.page(0, 50)
    assert count == 5 and all(isinstance(row, tuple) for row in page)
    written = SessionSerializer().from_rows(page)
    listed = Session.objects.public().for_listing().order_by("start_date", "pk")
    assert written == [generic(session) for session in listed]
    titles = [row["titles"] for row in written]
    assert {
        "en": "Council December 2030",
        "fr": "Conseil décembre 2030",
        "es": "Consejo diciembre de 2030",
    } in titles
    assert any(t["es"].endswith("(extraordinaria) del Consejo") for t in titles)
