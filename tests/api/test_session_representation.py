"""The session list's hand-written representation says exactly what the generic field loop says."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework import serializers

from meetings.api.serializers import SessionSerializer
from meetings.models import Session
from tests.factories import DocumentFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


def generic(session: Session) -> dict:
    serializer = SessionSerializer()
    return serializers.ModelSerializer.to_representation(serializer, session)


def test_every_seeded_session_reads_the_same_both_ways():
    call_command("load_seeds", verbosity=0)
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
