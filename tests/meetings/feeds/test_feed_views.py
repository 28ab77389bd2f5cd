"""Feeds over HTTP: parameters, conditional GET, one build per change, constant queries."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from config.changes import data_changed
from meetings.domain.feedlint import lint
from meetings.models import PersonalFeed, Session
from meetings.services import agenda, publishing
from meetings.services import sessions as services
from tests.factories import BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db
FEED = "/feeds/sessions.ics"
TODAY = dt.date.today()


def future_session(**kwargs):
    start = kwargs.pop("start_date", TODAY + dt.timedelta(days=40))
    return SessionFactory(start_date=start, end_date=start + dt.timedelta(days=1), **kwargs)


def uids(response) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_feed_is_a_calendar_with_validators(client):
    future_session()
    response = client.get(FEED)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert lint(response.content) == []


@pytest.mark.parametrize(
    "query", ["past=-1", "past=99999", "past=abc", "include_cancelled=2", "lang=de", "colour=red"]
)
def test_bad_parameters_get_a_400_with_a_message(client, query):
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert response.content.decode() in {
        "past must be a whole number of days from 0 to 3650.",
        "include_cancelled must be 0 or 1.",
        "lang must be one of en, fr, es.",
        "Unknown parameter(s): colour.",
    }


def test_304_only_when_nothing_changed_and_without_sql(client, django_assert_num_queries):
    session = future_session()
    etag = client.get(FEED)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.session_reschedule(
        session=session,
        start=session.start_date + dt.timedelta(days=7),
        end=session.end_date + dt.timedelta(days=7),
    )
    stale = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert stale.status_code == 200 and stale["ETag"] != etag


def test_if_modified_since_is_honoured(client):
    future_session()
    last_modified = client.get(FEED)["Last-Modified"]
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


@pytest.mark.parametrize("change", ["reschedule", "cancel", "publish", "document"])
def test_the_body_is_rebuilt_exactly_once_per_change(client, change, django_assert_num_queries):
    session = future_session()
    hidden = future_session(is_published=False)
    client.get(FEED)
    with django_assert_num_queries(0):
        cached = client.get(FEED)
    if change == "reschedule":
        services.session_reschedule(
            session=session,
            start=session.start_date + dt.timedelta(days=1),
            end=session.end_date + dt.timedelta(days=1),
        )
    elif change == "cancel":
        services.session_cancel(session=session)
    elif change == "publish":
        publishing.session_publish(session=hidden)
    else:
        agenda.agenda_item_add(
            session=session, title="Budget", documents=[DocumentFactory(symbol="MC/9999")]
        )
    with CaptureQueriesContext(connection) as rebuild:
        fresh = client.get(FEED)
    assert len(rebuild) > 0 and fresh.content != cached.content
    with django_assert_num_queries(0):
        assert client.get(FEED).content == fresh.content


def _bulk_sessions(n: int) -> None:
    """n sessions written past the services, which say so themselves (as the seed loader does)."""
    body = BodyFactory.create()
    Session.objects.all().delete()
    Session.objects.bulk_create(
        Session(
            key=f"bulk-{i}",
            body=body,
            number=None,
            name=f"Workshop {i}",
            start_date=TODAY + dt.timedelta(days=i % 300),
            end_date=TODAY + dt.timedelta(days=i % 300 + 2),
            is_published=True,
            status="confirmed",
        )
        for i in range(n)
    )
    data_changed()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_building_costs_the_same_queries_for_ten_and_a_thousand_sessions(client, lang):
    _bulk_sessions(10)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert len(uids(client.get(f"{FEED}?lang={lang}"))) == 10
    _bulk_sessions(1000)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert len(uids(client.get(f"{FEED}?lang={lang}"))) == 1000
    assert len(small) == len(large), [q["sql"] for q in large.captured_queries]


def test_unpublished_sessions_never_appear(client):
    visible, hidden = future_session(), future_session(is_published=False)
    feed = uids(client.get(f"{FEED}?past=3650"))
    assert visible.ical_uid("session") in feed and hidden.ical_uid("session") not in feed
    assert client.get(reverse("meetings:session-ics", args=[hidden.key])).status_code == 404
    assert (
        client.get(reverse("meetings:feed-session-meetings", args=[hidden.key])).status_code == 404
    )


def test_a_cancelled_session_stays_until_thirty_days_after_its_planned_end(client):
    recent = future_session(start_date=TODAY - dt.timedelta(days=20), status="cancelled")
    old = future_session(start_date=TODAY - dt.timedelta(days=45), status="cancelled")
    feed = uids(client.get(FEED))
    assert recent.ical_uid("session") in feed and old.ical_uid("session") not in feed
    assert recent.ical_uid("session") not in uids(client.get(f"{FEED}?include_cancelled=0"))


def test_past_window(client):
    last_month = future_session(start_date=TODAY - dt.timedelta(days=30))
    assert last_month.ical_uid("session") not in uids(client.get(FEED))
    assert last_month.ical_uid("session") in uids(client.get(f"{FEED}?past=60"))


def test_a_postponed_session_keeps_its_uid_with_new_dates(client):
    session = future_session()
    new_start = session.start_date + dt.timedelta(days=30)
    services.session_postpone(
        session=session, start=new_start, end=new_start + dt.timedelta(days=1)
    )
    (event,) = Calendar.from_ical(client.get(FEED).content).walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"]), event["DTSTART"].dt) == (
        session.ical_uid("session"),
        1,
        new_start,
    )


def test_body_feed_and_single_session_and_meetings_feed(client):
    scpf = BodyFactory(key="scpf", name="Standing Committee on Programmes and Finance")
    mine, other = future_session(body=scpf), future_session()
    assert uids(client.get(reverse("meetings:feed-body", args=["scpf"]))) == {
        mine.ical_uid("session")
    }
    single = client.get(reverse("meetings:session-ics", args=[other.key]))
    assert uids(single) == {other.ical_uid("session")} and lint(single.content) == []
    assert client.get(reverse("meetings:feed-body", args=["nope"])).status_code == 404


def test_personal_feed_create_rotate_revoke(client):
    scpf = BodyFactory(key="scpf", name="SCPF")
    mine = future_session(body=scpf)
    future_session()
    page = client.post(reverse("meetings:personal-feed-new"), {"bodies": [scpf.pk]})
    token = page.context["token"]
    assert len(token) >= 43 and PersonalFeed.objects.get().token_hash != token
    url = reverse("meetings:feed-personal", args=[token])
    assert uids(client.get(url)) == {mine.ical_uid("session")}
    assert (
        page.context["links"]["webcal"].startswith("webcal://")
        and "calendar.google.com" in page.context["links"]["google"]
    )
    rotated = client.post(
        reverse("meetings:personal-feed-manage", args=[token]), {"action": "rotate"}
    ).context["token"]
    assert client.get(url).status_code == 404
    new_url = reverse("meetings:feed-personal", args=[rotated])
    assert client.get(new_url).status_code == 200
    client.post(reverse("meetings:personal-feed-manage", args=[rotated]), {"action": "revoke"})
    assert client.get(new_url).status_code == 404


def test_personal_feed_form_needs_a_choice(client):
    response = client.post(reverse("meetings:personal-feed-new"), {})
    assert response.status_code == 400 and "Pick at least one body" in response.content.decode()
