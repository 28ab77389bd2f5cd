"""Double opt-in by e-mail and one-click unsubscribe."""

import re

import pytest
from django.core import mail

from meetings import reminders
from meetings.models import Subscriber
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_subscribe_confirm_and_unsubscribe(client):
    council = BodyFactory()
    response = client.post(
        "/subscribe/",
        {
            "email": "Delegate@Example.org",
            "language": "fr",
            "timezone": "Asia/Bangkok",
            "bodies": [council.pk],
        },
    )
    assert response.status_code == 200 and "delegate@example.org" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert (
        subscriber.is_active,
        subscriber.language,
        list(subscriber.subscriptions.values_list("body__key", flat=True)),
    ) == (False, "fr", ["council"])
    link = re.search(r"http\S+/subscribe/confirm/\S+/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_active
    token = reminders.unsubscribe_token(subscriber)
    assert client.get(f"/unsubscribe/{token}/").status_code == 200
    assert (
        client.post(f"/unsubscribe/{token}/").status_code == 200
    )  # one click, no CSRF token (RFC 8058)
    subscriber.refresh_from_db()
    assert not subscriber.is_active


def test_bad_tokens_and_bad_input(client):
    assert client.get("/subscribe/confirm/nonsense/").status_code == 404
    assert client.get("/unsubscribe/nonsense/").status_code == 404
    response = client.post(
        "/subscribe/", {"email": "not-an-address", "language": "en", "timezone": "Europe/Zurich"}
    )
    assert response.status_code == 400 and not Subscriber.objects.exists()


def test_a_new_secret_revokes_old_unsubscribe_links(client):
    subscriber, _ = reminders.subscriber_subscribe(
        email="a@example.org", language="en", timezone_name="UTC", bodies=[], everything=True
    )
    old = reminders.unsubscribe_token(subscriber)
    reminders.subscriber_subscribe(
        email="a@example.org", language="en", timezone_name="UTC", bodies=[], everything=True
    )
    assert reminders.subscriber_by_unsubscribe_token(old) is None
