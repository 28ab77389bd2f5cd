"""Saving a search (double opt-in by e-mail), bad input, the page of a subscriber's saved searches."""

import re

import pytest
from django.core import mail

from meetings.models import SavedSearch, Subscriber
from meetings.reminders.saved_searches import (
    MAX_SAVED_SEARCHES,
    saved_search_confirm,
    saved_search_create,
)
from meetings.reminders.subscriptions import (
    subscriber_subscribe,
    subscriber_unsubscribe,
    unsubscribe_token,
)
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def save(client, q="migration governance", email="delegate@example.org", **fields):
    data = {"q": q, "email": email, "language": "en", "mode": "immediate", **fields}
    return client.post("/search/alerts/", data, **fields.pop("headers", {}))


def confirmation_link() -> str:
    body = str(mail.outbox[-1].body)
    found = re.search(r"http\S+(/search/alerts/confirm/\S+/)", body)
    assert found, body
    return found.group(1)


def test_saving_a_search_turns_it_on_only_when_the_link_is_followed_and_pressed(client):
    response = save(client, q="  budget   revision  ", kind="document")
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["delegate@example.org"]]
    assert mail.outbox[0].subject == "Confirm your saved search"
    saved = SavedSearch.objects.get()
    assert (saved.query, saved.kind, saved.active, saved.subscriber.is_active) == (
        "budget revision",
        "document",
        False,
        False,
    )
    link = confirmation_link()
    page = client.get(link)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200 and b"budget revision" in page.content
    saved.refresh_from_db()
    assert not saved.active
    done = client.post(link)
    assert done.status_code == 200
    saved.refresh_from_db()
    subscriber = Subscriber.objects.get()
    assert saved.active and subscriber.is_active
    assert list(subscriber.subscriptions.all()) == []  # it follows no body: only its search
    # The link works once.
    assert client.post(link).status_code == 404
    assert client.get(link).status_code == 404


def test_the_form_comes_filled_from_the_search_page(client):
    page = client.get("/search/alerts/?q=MC/2216&kind=decision&body=council")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="MC/2216"' in html and 'value="council"' in html
    assert '<option value="decision" selected>' in html


@pytest.mark.parametrize(
    ("q", "message_en", "message_fr"),
    [
        ("", "Type what to search for.", "Tapez ce que vous cherchez."),
        ("   ", "Type what to search for.", "Tapez ce que vous cherchez."),
        (
            "x" * 201,
            "A saved search is at most 200 characters long.",
            "Une recherche enregistrée compte au plus 200 caractères.",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, q, message_en, message_fr):
    english = save(client, q=q)
    assert english.status_code == 400
    assert message_en in english.content.decode()
    french = client.post(
        "/search/alerts/",
        {"q": q, "email": "delegate@example.org", "language": "fr"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert french.status_code == 400
    assert message_fr in french.content.decode()
    assert (SavedSearch.objects.count(), Subscriber.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_an_unknown_body_or_a_bad_address_saves_nothing(client):
    assert save(client, body="no-such-body").status_code == 400
    assert save(client, email="not an address").status_code == 400
    assert (SavedSearch.objects.count(), len(mail.outbox)) == (0, 0)


def test_the_service_refuses_bad_input_itself():
    from django.core.exceptions import ValidationError

    for query, kind in (("", ""), ("y" * 201, ""), ("fine", "person")):
        with pytest.raises(ValidationError):
            saved_search_create(email="a@example.org", query=query, kind=kind, language="en")
    assert (SavedSearch.objects.count(), Subscriber.objects.count()) == (0, 0)


def test_a_known_address_keeps_its_language_delivery_and_bodies():
    council = BodyFactory(key="council")
    subscriber, token = subscriber_subscribe(
        email="delegue@example.org",
        language="fr",
        timezone_name="Europe/Paris",
        bodies=[council],
        mode="daily",
    )
    from meetings.reminders.subscriptions import subscriber_confirm

    subscriber_confirm(token=token)
    saved, link_token = saved_search_create(
        email="Delegue@Example.org", query="budget", language="es", mode="immediate"
    )
    assert saved_search_confirm(token=link_token) == saved
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.mode, subscriber.timezone) == (
        "fr",
        "daily",
        "Europe/Paris",
    )
    assert list(subscriber.subscriptions.values_list("body__key", flat=True)) == ["council"]


def test_an_address_someone_else_subscribed_follows_no_body_when_its_search_is_confirmed():
    """A stranger's unconfirmed subscribe request must not come on with the owner's search."""
    council = BodyFactory(key="council")
    subscriber, _token = subscriber_subscribe(
        email="owner@example.org", language="en", timezone_name="UTC", bodies=[council]
    )
    _saved, token = saved_search_create(email="owner@example.org", query="budget", language="en")
    saved_search_confirm(token=token)
    subscriber.refresh_from_db()
    assert subscriber.is_active and list(subscriber.subscriptions.all()) == []


def test_the_same_search_saved_twice_stays_one():
    first = saved_search_create(email="a@example.org", query="budget", language="en")[1]
    second = saved_search_create(email="a@example.org", query="budget", language="en")[1]
    one = saved_search_confirm(token=first)
    assert saved_search_confirm(token=second) == one
    assert SavedSearch.objects.filter(active=True).count() == 1


def test_a_subscriber_has_at_most_so_many_saved_searches(client):
    for i in range(MAX_SAVED_SEARCHES):
        saved_search_confirm(
            token=saved_search_create(email="a@example.org", query=f"q{i}", language="en")[1]
        )
    save(client, q="one too many", email="a@example.org")
    response = client.post(confirmation_link())
    assert response.status_code == 409
    assert "You have 20 saved searches already: remove one first." in response.content.decode()
    assert SavedSearch.objects.filter(active=True).count() == MAX_SAVED_SEARCHES


def test_the_page_of_saved_searches_lists_and_removes_them(client):
    saved = saved_search_confirm(
        token=saved_search_create(email="a@example.org", query="budget", language="en")[1]
    )
    other = saved_search_confirm(
        token=saved_search_create(email="b@example.org", query="secret", language="en")[1]
    )
    token = unsubscribe_token(saved.subscriber)
    url = f"/search/alerts/manage/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "budget" in page.content.decode()
    assert "secret" not in page.content.decode()
    # Another subscriber's saved search cannot be removed from this page.
    assert client.post(url, {"saved_search": other.pk}).status_code == 302
    other.refresh_from_db()
    assert other.active
    removed = client.post(url, {"saved_search": saved.pk})
    assert removed.status_code == 302
    saved.refresh_from_db()
    assert not saved.active and saved.removed_at is not None
    after = client.get(removed["Location"])
    assert "budget" not in after.content.decode().split("<h1>")[1].split("</form>")[0]
    assert "You have no saved searches." in after.content.decode()
    assert client.post(url, {"saved_search": "x"}).status_code == 302  # nothing to remove
    assert client.get("/search/alerts/manage/not-a-token/").status_code == 404


def test_the_unsubscribe_page_leads_to_the_saved_searches_and_unsubscribing_removes_them(client):
    saved = saved_search_confirm(
        token=saved_search_create(email="a@example.org", query="budget", language="en")[1]
    )
    token = unsubscribe_token(saved.subscriber)
    page = client.get(f"/unsubscribe/{token}/")
    assert f"/search/alerts/manage/{token}/" in page.content.decode()
    subscriber_unsubscribe(subscriber=saved.subscriber)
    saved.refresh_from_db()
    assert not saved.active
