"""The page cache (config/caching.py): a reply from the cache is the reply a fresh render gives,
headers and all, for every negotiation the response varies on."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/bodies/",
    "/bodies/council/",
    "/sessions/council-96/",
    "/calendar/?year=2009",
    "/api/v1/",
    "/api/v1/sessions/",
    "/api/v1/sessions/council-96/",
    "/api/v1/bodies/",
    "/api/v1/documents/?limit=5",
    "/api/v1/schema/",
]


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def council():
    return BodyFactory()


def fresh_then_replayed(path: str, **headers):
    fresh = Client().get(path, **headers)
    with CaptureQueriesContext(connection) as queries:
        replayed = Client().get(path, **headers)
    assert fresh.status_code == replayed.status_code == 200, path
    assert len(queries) == 0, f"{path} was not replayed from the cache"
    return fresh, replayed


def test_a_replayed_reply_carries_exactly_the_headers_of_a_fresh_one(seeded):
    for path in PATHS:
        fresh, replayed = fresh_then_replayed(path)
        assert dict(replayed.items()) == dict(fresh.items()), path
        assert replayed.content == fresh.content, path
        assert replayed["X-Frame-Options"] == "DENY", path
        assert "default-src 'self'" in replayed["Content-Security-Policy"], path
        assert replayed["X-Content-Type-Options"] == "nosniff", path


def test_a_replayed_page_in_french_carries_the_headers_of_a_fresh_one(council):
    fresh, replayed = fresh_then_replayed("/bodies/", HTTP_ACCEPT_LANGUAGE="fr")
    assert dict(replayed.items()) == dict(fresh.items())
    assert replayed["Content-Language"] == "fr"


def test_a_replay_still_answers_a_conditional_get_with_304(council):
    etag = Client().get("/api/v1/bodies/")["ETag"]
    assert Client().get("/api/v1/bodies/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "first, then",
    [
        ("application/json; indent=4", "application/json"),
        ("application/json", "application/json; indent=4"),
        ("application/json", "text/html"),
        ("text/html", "application/json"),
    ],
)
def test_what_one_client_negotiated_is_never_given_to_another(council, first, then, settings):
    def read(accept: str):
        response = Client().get("/api/v1/bodies/", HTTP_ACCEPT=accept)
        assert response.status_code == 200
        return response

    alone = read(then)  # what `then` gets on its own, before anything else is kept
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    read(first)
    after = read(then)
    assert after["Content-Type"] == alone["Content-Type"]
    if "json" in then:
        assert after.content == alone.content
    else:
        assert after.content.lstrip().lower().startswith(b"<!doctype html")


def test_each_language_is_kept_apart(council):
    french = Client().get("/bodies/", HTTP_ACCEPT_LANGUAGE="fr")
    english = Client().get("/bodies/", HTTP_ACCEPT_LANGUAGE="en")
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert french.content != english.content
    cookie = Client()
    cookie.cookies["django_language"] = "es"
    assert cookie.get("/bodies/")["Content-Language"] == "es"
