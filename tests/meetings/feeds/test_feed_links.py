"""Feed events link to the server the reader reached when SITE_URL is unset (development), and
to SITE_URL when it is set; a body kept for one host is never served to another."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from icalendar import Calendar

from config.site import DEVELOPMENT_SITE_URL, site_url
from tests.factories import MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def session():
    start = TODAY + dt.timedelta(days=40)
    session = SessionFactory(start_date=start, end_date=start + dt.timedelta(days=1))
    MeetingFactory(session=session)
    return session


def urls(response) -> list[str]:
    return [str(e["URL"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]


def feeds_of(session) -> list[str]:
    return [
        "/feeds/sessions.ics",
        f"/feeds/bodies/{session.body.key}.ics",
        f"/feeds/sessions/{session.key}/meetings.ics",
        f"/sessions/{session.key}.ics",
    ]


@override_settings(SITE_URL="")
def test_without_site_url_events_link_to_the_host_the_request_reached(session):
    page = f"/sessions/{session.key}/"
    for path in feeds_of(session):
        assert urls(Client(HTTP_HOST="testserver:8765").get(path)) == [
            f"http://testserver:8765{page}"
        ], path
        assert urls(Client(HTTP_HOST="localhost").get(path)) == [f"http://localhost{page}"], path
        secure = Client(HTTP_HOST="testserver:8765").get(path, secure=True)
        assert urls(secure) == [f"https://testserver:8765{page}"], path


@override_settings(SITE_URL="")
def test_a_body_kept_for_one_host_is_not_served_to_another(session, django_assert_num_queries):
    first, other = Client(HTTP_HOST="testserver:8765"), Client(HTTP_HOST="testserver:9999")
    kept = first.get("/feeds/sessions.ics")
    with django_assert_num_queries(0):
        assert first.get("/feeds/sessions.ics").content == kept.content
        assert first.get("/feeds/sessions.ics", HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 304
    elsewhere = other.get("/feeds/sessions.ics", HTTP_IF_NONE_MATCH=kept["ETag"])
    assert elsewhere.status_code == 200 and elsewhere["ETag"] != kept["ETag"]
    assert urls(elsewhere) == [f"http://testserver:9999/sessions/{session.key}/"]


@override_settings(SITE_URL="https://calendar.example.org/")
def test_with_site_url_events_link_there_whatever_the_host(session):
    for path in feeds_of(session):
        response = Client(HTTP_HOST="testserver:8765").get(path)
        assert urls(response) == [f"https://calendar.example.org/sessions/{session.key}/"], path
    # One body for every host: the same ETag.
    etags = {
        Client(HTTP_HOST=h).get("/feeds/sessions.ics")["ETag"]
        for h in ("localhost", "testserver:8765")
    }
    assert len(etags) == 1


@override_settings(SITE_URL="")
def test_api_records_and_e_mails_follow_the_same_rule(session):
    record = Client(HTTP_HOST="testserver:8765").get(f"/api/v1/sessions/{session.key}/").json()
    assert record["url"] == f"http://testserver:8765/sessions/{session.key}/"
    # Built with no request (a Celery task): the development server's address.
    assert site_url() == DEVELOPMENT_SITE_URL == "http://127.0.0.1:8000"
    with override_settings(SITE_URL="https://calendar.example.org"):
        assert site_url() == "https://calendar.example.org"
