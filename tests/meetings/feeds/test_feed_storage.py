"""What a client can make the server store: feed bodies for a fixed set of windows only, and
personal feeds at a bounded rate per client."""

import datetime as dt

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import PersonalFeed
from meetings.selectors import feeds
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.feeds.test_feed_views import FEED, TODAY, future_session, uids

pytestmark = pytest.mark.django_db


def stored_feed_keys(redis_url: str) -> set[bytes | str]:
    return set(redis.Redis.from_url(redis_url).keys(cache.make_key(feeds.FEED_KEY.format("*"))))


def test_six_hundred_distinct_windows_store_no_more_than_the_fixed_set(
    client, redis_url, django_assert_num_queries
):
    future_session(start_date=TODAY - dt.timedelta(days=40))
    for past in sorted(feeds.STORED_PAST_DAYS):
        assert client.get(f"{FEED}?past={past}").status_code == 200
    stored = stored_feed_keys(redis_url)
    assert len(stored) == len(feeds.STORED_PAST_DAYS)
    for past in range(1, 601):
        assert client.get(f"{FEED}?past={past}").status_code == 200
    assert stored_feed_keys(redis_url) == stored
    # Nor in this process's memory: an odd window is built again, a stored one read from memory.
    with CaptureQueriesContext(connection) as rebuilt:
        client.get(f"{FEED}?past=45")
    assert len(rebuilt) > 0
    for past in feeds.STORED_PAST_DAYS:
        with django_assert_num_queries(0):
            assert client.get(f"{FEED}?past={past}").status_code == 200


def test_a_window_outside_the_set_is_built_exactly_and_still_gets_its_304(
    client, django_assert_num_queries
):
    forty_days_ago = future_session(start_date=TODAY - dt.timedelta(days=40))
    first = client.get(f"{FEED}?past=45")
    assert forty_days_ago.ical_uid("session") in uids(first)
    assert forty_days_ago.ical_uid("session") not in uids(client.get(f"{FEED}?past=38"))
    with django_assert_num_queries(0):
        assert client.get(f"{FEED}?past=45", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    again = client.get(f"{FEED}?past=45")
    assert (again["ETag"], again.content) == (first["ETag"], first.content)
    assert client.get(f"{FEED}?past=45&lang=de").status_code == 400


def test_a_sessions_own_feeds_ignore_the_window_and_are_stored_once(client, redis_url):
    session = SessionFactory(
        start_date=TODAY + dt.timedelta(days=10), end_date=TODAY + dt.timedelta(days=11)
    )
    url = reverse("meetings:session-ics", args=[session.key])
    etags = {client.get(f"{url}?past={n}&include_cancelled={n % 2}")["ETag"] for n in range(50)}
    assert len(etags) == 1 and len(stored_feed_keys(redis_url)) == 1
    assert client.get(f"{url}?past=abc").status_code == 400


def test_personal_feed_creation_is_limited_per_client(client):
    body = BodyFactory()
    new = reverse("meetings:personal-feed-new")
    statuses = [
        client.post(new, {"bodies": [body.pk]}, REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert PersonalFeed.objects.count() == 10
    refused = client.post(
        new, {"bodies": [body.pk]}, REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Veuillez réessayer dans une heure." in refused.content.decode()
    assert client.post(new, {"bodies": [body.pk]}, REMOTE_ADDR="203.0.113.6").status_code == 200
    assert PersonalFeed.objects.count() == 11


def test_rotating_and_revoking_a_personal_feed_are_not_limited(client):
    body = BodyFactory()
    _feed, token = feeds.personal_feed_create(bodies=[body])
    for _ in range(12):
        token = client.post(
            reverse("meetings:personal-feed-manage", args=[token]), {"action": "rotate"}
        ).context["token"]
    assert client.get(reverse("meetings:feed-personal", args=[token])).status_code == 200
