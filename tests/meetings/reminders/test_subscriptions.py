"""Double opt-in by e-mail, for new addresses and for changes, and one-click unsubscribe."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Subscriber
from meetings.models.reminders import SubscriptionRequest
from meetings.reminders.planning import followers_by_body
from meetings.reminders.subscriptions import (
    subscriber_by_unsubscribe_token,
    subscriber_confirm,
    subscriber_subscribe,
    subscriber_unsubscribe,
    unsubscribe_token,
)
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def post(client, email, bodies, **fields):
    data = {
        "email": email,
        "language": "en",
        "timezone": "Europe/Zurich",
        "bodies": [b.pk for b in bodies],
        **fields,
    }
    return client.post("/subscribe/", data)


def last_link() -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(r"http\S+/subscribe/confirm/\S+/", body)
    assert found, body
    return found.group(0)


def state(subscriber: Subscriber) -> tuple:
    subscriber.refresh_from_db()
    return (
        subscriber.is_active,
        subscriber.language,
        subscriber.timezone,
        subscriber.mode,
        subscriber.lead_days,
        sorted(subscriber.subscriptions.values_list("body__key", flat=True)),
        subscriber.token_hash,
    )


@pytest.fixture
def council():
    return BodyFactory(key="council", name="Council")


@pytest.fixture
def scpf():
    return BodyFactory(key="scpf", name="Standing Committee", name_fr="le Comité permanent")


@pytest.fixture
def confirmed(client, council) -> Subscriber:
    post(client, "Delegate@Example.org", [council], language="fr", timezone="Asia/Bangkok")
    assert client.post(last_link()).status_code == 200
    mail.outbox.clear()
    return Subscriber.objects.get()


def test_subscribe_confirm_and_unsubscribe(client, council):
    response = post(client, "Delegate@Example.org", [council], language="fr")
    assert response.status_code == 200 and "delegate@example.org" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert state(subscriber)[:2] == (False, "fr")
    assert state(subscriber)[5] == ["council"]
    (message,) = mail.outbox
    assert message.to == ["delegate@example.org"] and "Council" in message.body
    assert client.post(last_link()).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_active
    token = unsubscribe_token(subscriber)
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
    assert mail.outbox == []


def test_subscribing_a_confirmed_address_again_changes_nothing_until_the_new_link_is_opened(
    client, confirmed, scpf
):
    before = state(confirmed)
    response = post(
        client,
        "delegate@example.org",
        [scpf],
        language="es",
        timezone="UTC",
        mode="weekly",
        lead_days=["3"],
    )
    assert response.status_code == 200
    assert state(confirmed) == before
    assert before[:6] == (True, "fr", "Asia/Bangkok", "immediate", [], ["council"])
    (message,) = mail.outbox
    assert message.to == ["delegate@example.org"]
    assert client.post(last_link()).status_code == 200
    assert state(confirmed)[:6] == (True, "es", "UTC", "weekly", [3], ["scpf"])
    assert not SubscriptionRequest.objects.exists()


def test_subscribing_again_after_unsubscribing_stays_unsubscribed_until_confirmed(
    client, confirmed, council
):
    old_link = unsubscribe_token(confirmed)
    client.post(f"/unsubscribe/{old_link}/")
    assert state(confirmed)[0] is False
    post(client, "delegate@example.org", [council], language="fr", timezone="Asia/Bangkok")
    confirmed.refresh_from_db()
    assert confirmed.unsubscribed_at is not None and not confirmed.is_active
    assert followers_by_body() == {}  # planning sees nobody
    # The unsubscribe link from before still works, as long as nothing was confirmed.
    assert subscriber_by_unsubscribe_token(old_link) == confirmed
    assert client.post(last_link()).status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.is_active
    # Confirming proves the address anew and retires the links given out before.
    assert subscriber_by_unsubscribe_token(old_link) is None
    assert subscriber_by_unsubscribe_token(unsubscribe_token(confirmed))


def test_a_request_keeps_unsubscribe_links_valid_until_it_is_confirmed():
    subscriber, first = subscriber_subscribe(
        email="a@example.org", language="en", timezone_name="UTC", bodies=[], everything=True
    )
    subscriber_confirm(token=first)
    subscriber.refresh_from_db()
    old = unsubscribe_token(subscriber)
    _, second = subscriber_subscribe(
        email="a@example.org", language="fr", timezone_name="UTC", bodies=[], everything=True
    )
    assert subscriber_by_unsubscribe_token(old) == subscriber
    subscriber_confirm(token=second)
    assert subscriber_by_unsubscribe_token(old) is None


def test_the_page_says_the_same_for_new_confirmed_and_unsubscribed_addresses(
    client, confirmed, council
):
    def page(email):
        body = post(client, email, [council]).content.decode()
        return body.replace(email, "ADDRESS")

    known = page("delegate@example.org")
    subscriber_unsubscribe(subscriber=confirmed)
    unsubscribed = page("delegate@example.org")
    new = page("someone.else@example.org")
    assert known == unsubscribed == new
    assert "Nothing changes until it is opened." in new
    assert len(mail.outbox) == 3  # each address's owner hears of it, and only them


def test_each_link_applies_its_own_request_and_the_others_then_lapse(client, confirmed, scpf):
    post(client, "delegate@example.org", [scpf], language="es")
    first = last_link()
    post(client, "delegate@example.org", [scpf], language="en")
    second = last_link()
    assert client.post(first).status_code == 200
    assert state(confirmed)[1] == "es"
    assert client.get(second).status_code == 404
    assert client.get(first).status_code == 404  # used once
    assert state(confirmed)[1] == "es"


def test_an_expired_confirmation_link_changes_nothing(client, confirmed, scpf):
    before = state(confirmed)
    post(client, "delegate@example.org", [scpf], language="es")
    SubscriptionRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(last_link())
    assert response.status_code == 404
    assert "This confirmation link is not valid" in response.content.decode()
    assert state(confirmed) == before


def test_expired_requests_are_deleted_by_the_next_subscribe(client, council):
    post(client, "a@example.org", [council])
    SubscriptionRequest.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    post(client, "b@example.org", [council])
    assert list(SubscriptionRequest.objects.values_list("subscriber__email", flat=True)) == [
        "b@example.org"
    ]


def test_the_confirmation_mail_is_in_the_pages_language_and_names_what_was_asked(
    client, council, scpf
):
    client.post(
        "/subscribe/",
        {
            "email": "d@example.org",
            "language": "en",
            "timezone": "Europe/Zurich",
            "bodies": [council.pk, scpf.pk],
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    (message,) = mail.outbox
    assert message.subject == "Confirmez vos rappels"
    assert "Conseil, Comité permanent" in message.body
    assert "Rien ne change tant que vous ne l'avez pas ouvert ; il reste valable 7 jours." in (
        message.body
    )


def test_opening_the_link_only_shows_a_button_and_pressing_it_confirms(client, confirmed, scpf):
    """A mail scanner that follows every link (a GET) confirms nothing."""
    before = state(confirmed)
    post(client, "delegate@example.org", [scpf], language="es")
    link = last_link()
    opened = client.get(link)
    assert opened.status_code == 200
    assert (
        f'<form method="post" action="{link.split("testserver", 1)[1]}">' in opened.content.decode()
    )
    assert state(confirmed) == before and SubscriptionRequest.objects.count() == 1
    assert client.post(link).status_code == 200
    assert state(confirmed)[1] == "es" and not SubscriptionRequest.objects.exists()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_subscribe_form_starts_in_the_pages_language_and_stores_it(client, council, lang):
    html = client.get("/subscribe/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    (chosen,) = re.findall(r'<option value="(\w\w)" selected>', html)
    assert chosen == lang
    post(client, "delegate@example.org", [council], language=chosen)
    assert Subscriber.objects.get().language == lang
