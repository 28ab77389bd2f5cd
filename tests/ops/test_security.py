"""Security: headers on every response, admin lockout, CSRF on forms, no subscriber e-mail
address in any public page, feed or API response, link URLs limited to http(s)."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from governance.models import DocumentVersion
from meetings.reminders.subscriptions import subscriber_subscribe
from meetings.selectors import feeds
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_every_response_carries_csp_and_the_usual_headers(client):
    # Each twice: the second reply to an anonymous page or API read comes from the page store.
    for path in ("/", "/api/v1/bodies/", "/admin/login/", "/no-such-page/") * 2:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_LOCKOUT_SECONDS=900)
def test_five_failures_for_one_account_lock_it_even_with_the_right_password(client, editor):
    for _ in range(5):
        assert login(client, "editor", "wrong", address=f"10.0.0.{_}").status_code == 200
    response = login(client, "editor", "pw-editor-123", address="10.9.9.9")
    assert response.status_code == 200 and b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_LOCKOUT_SECONDS=900)
def test_five_failures_from_one_address_lock_that_address_only(client, editor, viewer):
    for name in ("a", "b", "c", "d", "e"):
        login(client, name, "wrong", address="10.0.0.7")
    assert b"Too many failed logins" in login(client, "viewer", "pw-viewer-123", "10.0.0.7").content
    response = login(Client(), "viewer", "pw-viewer-123", address="10.0.0.8")
    assert response.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_a_success_before_the_limit_clears_the_count(client, editor):
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw-editor-123").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw-editor-123").status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_LOCKOUT_SECONDS=3)
def test_the_lock_ends_after_login_lockout_seconds(client, editor):
    for _ in range(2):
        login(client, "editor", "wrong")
    assert b"Too many failed logins" in login(client, "editor", "pw-editor-123").content
    time.sleep(3.5)
    assert login(client, "editor", "pw-editor-123").status_code == 302


def test_forms_that_post_need_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/subscribe/", {"email": "a@example.org"}).status_code == 403
    assert client.post("/feeds/personal/", {}).status_code == 403
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403


def test_no_subscriber_address_appears_in_any_public_output(client, seeded):
    from governance.models import Body

    council = Body.objects.get(key="council")
    _subscriber, _ = subscriber_subscribe(
        email="secret.delegate@example.org",
        language="en",
        timezone_name="Europe/Zurich",
        bodies=[council],
    )
    _feed, token = feeds.personal_feed_create(bodies=[council], label="My bodies")
    paths = [
        "/",
        "/calendar/?year=2009",
        "/bodies/",
        "/bodies/council/",
        "/members/",
        "/documents/",
        "/resolutions/",
        "/sessions/council-96/",
        "/feeds/sessions.ics?past=3650",
        "/feeds/bodies/council.ics?past=3650",
        f"/feeds/p/{token}.ics?past=3650",
        "/sessions/council-96.ics",
        "/api/v1/schema/",
    ]
    api = client.get("/api/v1/").json()
    paths += [url.replace("http://testserver", "") + "?limit=500" for url in api.values()]
    # The registrations API answers missions' tokens and the secretariat only.
    needs_a_token = {"/api/v1/registrations/?limit=500"}
    for path in paths:
        response = client.get(path)
        assert response.status_code == (401 if path in needs_a_token else 200), path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"secret.delegate" not in body, path


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/a.pdf", "file:///etc/passwd", "data:text/html,x"],
)
def test_document_links_must_be_http_or_https(url):
    version = DocumentVersion(document=DocumentFactory(), language="en", url=url)
    with pytest.raises(ValidationError):
        version.full_clean()


def test_only_the_api_docs_page_allows_the_swagger_cdn_and_its_inline_script(client):
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    script = docs.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" in script and "https://cdn.jsdelivr.net" in script
    assert "frame-ancestors 'none'" in docs
    assert "cdn.jsdelivr.net" not in client.get("/")["Content-Security-Policy"]
