"""Anonymous pages and API reads come from memory until the data changes; signed-in users and
token clients always get a fresh render."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.services import publishing
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory(key="council-99", number=99, start_date=dt.date(2031, 11, 25))


def queries(client, path, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    return response, len(captured)


@pytest.mark.parametrize("path", ["/sessions/council-99/", "/", "/api/v1/sessions/"])
def test_the_second_anonymous_request_costs_no_query(client, session, path):
    first, count = queries(client, path)
    assert first.status_code == 200 and count > 0
    second, count = queries(client, path)
    assert (second.status_code, count) == (200, 0)
    assert second.content == first.content and second["Content-Type"] == first["Content-Type"]


def test_a_change_is_seen_at_once(client, session):
    queries(client, "/sessions/council-99/")
    publishing.session_edit(session=session, fields={"theme": "Migration and climate"})
    publishing.session_publish(session=session)
    response, count = queries(client, "/sessions/council-99/")
    assert count > 0 and "Migration and climate" in response.content.decode()


def test_each_language_is_kept_apart(client, session):
    english = client.get("/sessions/council-99/").content
    client.cookies["django_language"] = "fr"
    french = client.get("/sessions/council-99/").content
    assert english != french and "Quatre-vingt-dix-neuvième".encode() in french


def test_signed_in_staff_and_token_clients_always_get_a_fresh_render(client, editor, session):
    client.force_login(editor)
    queries(client, "/sessions/council-99/")
    assert queries(client, "/sessions/council-99/")[1] > 0
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=editor).key
    client.logout()
    queries(client, "/api/v1/sessions/", HTTP_AUTHORIZATION=f"Token {token}")
    assert queries(client, "/api/v1/sessions/", HTTP_AUTHORIZATION=f"Token {token}")[1] > 0


def test_errors_and_forms_are_never_kept(client):
    assert client.get("/sessions/nothing/").status_code == 404
    assert queries(client, "/sessions/nothing/")[1] > 0
    client.get("/subscribe/")
    assert queries(client, "/subscribe/")[1] > 0  # a form with a CSRF token: rendered each time
    assert b"csrfmiddlewaretoken" in client.get("/subscribe/").content
    assert "public" not in client.get("/subscribe/").get("Cache-Control", "")


def test_absolute_links_follow_the_host_asked(client, session):
    SessionFactory(key="council-100", number=100)
    first = client.get("/api/v1/sessions/?limit=1", HTTP_HOST="localhost").json()
    second = client.get("/api/v1/sessions/?limit=1", HTTP_HOST="127.0.0.1").json()
    assert first["next"].startswith("http://localhost/")
    assert second["next"].startswith("http://127.0.0.1/")
