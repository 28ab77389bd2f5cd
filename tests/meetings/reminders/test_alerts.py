"""Saved-search alerts on the real search (PostgreSQL): a newly public record that matches a saved
search is told once, by the reminders' delivery rows, in the subscriber's language and digest."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from config.site import site_url
from governance.models.search import SearchEntry
from meetings.models import Delivery, SavedSearch
from meetings.reminders.alerts import alerts_plan
from meetings.reminders.delivery import deliveries_batches, deliveries_send, scan
from meetings.reminders.saved_searches import (
    saved_search_confirm,
    saved_search_create,
    saved_search_remove,
)
from tests.meetings.reminders.alert_records import publish_document, restrict_document

pytestmark = pytest.mark.django_db


def saved(query: str, email: str = "delegate@example.org", **fields) -> SavedSearch:
    fields.setdefault("language", "en")
    _saved, token = saved_search_create(email=email, query=query, **fields)
    confirmed = saved_search_confirm(token=token)
    assert confirmed is not None
    return confirmed


def later(minutes: int = 2) -> dt.datetime:
    """A scan's clock: past the settling time of what was just made public."""
    return timezone.now() + dt.timedelta(minutes=minutes)


def send_all(now: dt.datetime, claim: str = "w") -> dict[int, str]:
    """As the periodic task does: plan and claim, split into batches, send each batch."""
    states: dict[int, str] = {}
    claimed = scan(claim=claim, now=now)
    for batch in deliveries_batches(claimed, 200):
        states.update(deliveries_send(delivery_ids=batch, claim=claim, now=now))
    return states


def test_a_new_public_document_that_matches_is_told_once_in_french(postgres_only):
    alert = saved("migration", language="fr", kind="document")
    document = publish_document(
        symbol="MC/7701",
        title="Migration and development",
        title_fr="Migration et développement",
        languages=("en", "fr"),
    )
    now = later()
    assert send_all(now) != {}
    assert [m.to for m in mail.outbox] == [["delegate@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Nouveaux résultats : migration"
    assert "Migration et développement" in message.body
    assert f"/documents/{document.key}/" in message.body
    assert "Vos recherches enregistrées" in message.body
    html = str(message.alternatives[0][0])
    link = f"{site_url()}/documents/{document.key}/"
    assert f'<a href="{link}">{link}</a>' in html
    assert message.attachments == []  # no session: no .ics
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.state, delivery.saved_search_id, delivery.session_id) == (
        "alert",
        "sent",
        alert.pk,
        None,
    )
    # Later scans, with nothing new, send nothing more.
    send_all(now + dt.timedelta(minutes=1))
    send_all(now + dt.timedelta(minutes=5))
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1


def test_what_is_not_public_is_never_told(postgres_only):
    saved("xylophone")
    publish_document(symbol="MC/7702", title="Xylophone draft", is_published=False)
    publish_document(symbol="MC/7703", title="Xylophone restricted", access="restricted")
    send_all(later())
    assert mail.outbox == [] and Delivery.objects.count() == 0


def test_a_match_withdrawn_before_its_alert_goes_is_left_out(postgres_only):
    saved("walrus", mode="daily")  # planned now, sent at the next digest
    kept = publish_document(symbol="MC/7704", title="Walrus budget")
    withdrawn = publish_document(symbol="MC/7705", title="Walrus secret annex")
    now = later()
    assert alerts_plan(now=now) == 1
    restrict_document(withdrawn)
    delivery = Delivery.objects.get()
    send_all(delivery.due_at)
    assert len(mail.outbox) == 1
    assert kept.symbol in mail.outbox[0].body and withdrawn.symbol not in mail.outbox[0].body


def test_a_daily_digest_holds_the_alerts_of_the_day_in_one_message(postgres_only):
    saved("narwhal", mode="daily", timezone_name="Europe/Zurich")
    saved("quokka", mode="daily", timezone_name="Europe/Zurich")
    publish_document(symbol="MC/7706", title="Narwhal report")
    publish_document(symbol="MC/7707", title="Quokka report")
    now = later()
    send_all(now)
    assert mail.outbox == []  # held for the digest
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 2 and {d.due_at for d in deliveries} == {deliveries[0].due_at}
    zone = zoneinfo.ZoneInfo("Europe/Zurich")
    assert deliveries[0].due_at.astimezone(zone).hour == 8 and deliveries[0].due_at > now
    send_all(deliveries[0].due_at)
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.subject == "Governance Calendar: 2 updates"
    assert "MC/7706" in digest.body and "MC/7707" in digest.body


def test_several_saved_searches_of_one_subscriber_give_one_message_a_scan(postgres_only):
    saved("okapi")
    saved("report")
    publish_document(symbol="MC/7708", title="Okapi report")
    send_all(later())
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 2
    assert mail.outbox[0].body.count("- MC/7708 Okapi report") == 2


def test_removing_a_saved_search_stops_its_alerts_even_one_planned(postgres_only):
    first = saved("yak", mode="weekly")
    publish_document(symbol="MC/7709", title="Yak report")
    now = later()
    assert alerts_plan(now=now) == 1
    saved_search_remove(saved_search=first)
    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    send_all(delivery.due_at)
    publish_document(symbol="MC/7710", title="Yak annex")
    send_all(later(10))
    assert mail.outbox == [] and Delivery.objects.count() == 1


def test_publishing_again_does_not_tell_again(postgres_only):
    saved("gazelle")
    document = publish_document(symbol="MC/7711", title="Gazelle report")
    send_all(later())
    restrict_document(document)
    restrict_document(document, access="public")  # public again: public_since is kept
    send_all(later(10))
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_tell_each_match_once(postgres_only):
    saved("concurrent")
    publish_document(symbol="MC/7712", title="Concurrent report")
    now = later()
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def one_scan(i: int) -> None:
        try:
            barrier.wait()
            send_all(now, claim=f"w{i}")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_scan, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1
    assert SearchEntry.objects.exists()


def test_a_scan_with_nothing_new_costs_the_same_whatever_the_saved_searches(
    postgres_only, django_assert_num_queries
):
    publish_document(symbol="MC/7713", title="Old report")
    now = later()
    assert alerts_plan(now=now) == 0  # nothing saved: one query
    for size in (1, 6):
        for i in range(size):
            saved(f"nothing {size} {i}", email=f"s{size}-{i}@example.org")
        # Marks after the old report was public, before the scan's own horizon.
        SavedSearch.objects.update(checked_until=now - dt.timedelta(seconds=90))
        # The newest public record, and the saved searches whose mark is before it: none.
        with django_assert_num_queries(2):
            assert alerts_plan(now=now) == 0


def test_a_newly_published_session_and_its_decision_are_told_in_spanish_by_body(postgres_only):
    from meetings.services.publishing import session_publish
    from tests.factories import BodyFactory, DecisionFactory, SessionFactory

    council = BodyFactory(key="council", acronym="Council")
    other = BodyFactory(key="scpf", acronym="SCPF")
    saved("pelican", language="es", body=council)
    sessions = [
        SessionFactory(body=body, theme="Pelican migration", is_published=False)
        for body in (council, other)
    ]
    DecisionFactory(session=sessions[0], title="Pelican resolution")
    for session in sessions:
        session_publish(session=session)
    send_all(later())
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Nuevos resultados: pelican"
    assert f"/sessions/{sessions[0].key}/" in body
    assert f"/sessions/{sessions[1].key}/" not in body  # another body's
    assert "Reuniones\n" in body and "Resoluciones y decisiones\n" in body
