"""Resending a failed delivery from the desk: queued once, sent once by the next scan, and only
by whoever may change deliveries."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import Delivery
from meetings.reminders.delivery import delivery_resend
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.reminders.test_reminders import at, follower, send_all

pytestmark = pytest.mark.django_db
DAY = dt.date(2031, 5, 4)


@pytest.fixture
def failed(settings):
    """A reminder that failed for good: the mail server hung up on every attempt."""
    settings.EMAIL_BACKEND = "tests.meetings.reminders.failing_backend.FailingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 1
    council = BodyFactory()
    SessionFactory(body=council, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    follower(bodies=[council], lead_days=[1])
    assert send_all(at(DAY)) == ["failed"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return Delivery.objects.get()


def row(delivery):
    return Delivery.objects.filter(pk=delivery.pk).values().get()


def test_a_resent_delivery_is_sent_by_the_next_scan_exactly_once(failed, client, editor):
    client.force_login(editor)
    url = reverse("admin:meetings_delivery_resend", args=[failed.pk])
    answer = client.post(url, follow=True)
    assert answer.redirect_chain == [(reverse("admin:index"), 302)]
    assert [str(m) for m in answer.context["messages"]] == [
        "The session reminder to delegate@example.org is queued again; the next scan sends it."
    ]
    queued = row(failed)
    assert (queued["state"], queued["attempts"], queued["error"], queued["reason"]) == (
        "pending",
        0,
        "",
        "resent",
    )
    # A second click before the scan: the row is already queued, nothing changes.
    messages = [str(m) for m in client.post(url, follow=True).context["messages"]]
    assert messages == [
        "The session reminder to delegate@example.org was left as it is (pending): "
        "only a failed delivery is sent again."
    ]
    assert row(failed) == queued
    later = at(DAY, 10)
    assert send_all(later) == ["sent"]
    assert send_all(later + dt.timedelta(minutes=1)) == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["delegate@example.org"]
    # Sent: a resend now would mail it twice, so it is refused too.
    assert delivery_resend(delivery_id=failed.pk) is False
    assert send_all(later + dt.timedelta(minutes=2)) == [] and len(mail.outbox) == 1


def test_a_delivery_being_sent_is_never_put_back(failed):
    Delivery.objects.filter(pk=failed.pk).update(state="claimed", claimed_by="w:1")
    before = row(failed)
    assert delivery_resend(delivery_id=failed.pk, now=timezone.now()) is False
    assert row(failed) == before


@pytest.mark.parametrize("who", ["viewer", "bare"])
def test_without_the_change_permission_resend_is_refused_and_changes_nothing(
    failed, client, viewer, django_user_model, who
):
    user = (
        viewer
        if who == "viewer"
        else django_user_model.objects.create_user("bare", None, None, is_staff=True)
    )
    client.force_login(user)
    before = row(failed)
    assert (
        client.post(reverse("admin:meetings_delivery_resend", args=[failed.pk])).status_code == 403
    )
    assert row(failed) == before


def test_resend_is_a_post(failed, client, editor):
    client.force_login(editor)
    assert (
        client.get(reverse("admin:meetings_delivery_resend", args=[failed.pk])).status_code == 405
    )
    assert row(failed)["state"] == "failed"


def test_the_list_action_resends_only_the_failed_ones(failed, client, editor):
    sent = Delivery.objects.create(
        subscriber=failed.subscriber,
        kind="reminder",
        session=failed.session,
        occasion="other",
        due_at=timezone.now(),
        state="sent",
    )
    client.force_login(editor)
    answer = client.post(
        reverse("admin:meetings_delivery_changelist"),
        {"action": "resend", "_selected_action": [failed.pk, sent.pk], "index": "0"},
        follow=True,
    )
    assert [str(m) for m in answer.context["messages"]] == [
        "1 queued again; the next scan sends it. "
        "1 left as it was: only a failed delivery is sent again."
    ]
    assert (row(failed)["state"], row(sent)["state"]) == ("pending", "sent")
