"""An officer's morning in a real browser: the admin index answers what is due and what failed,
the deadline's link leads to where it is met, and a failed delivery is resent from the desk.
Screenshots in artifacts/screenshots/."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Delivery, Subscriber
from tests.factories import BodyFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def morning():
    """A Council session whose notice falls due in 5 days, and a reminder that failed for good."""
    today = timezone.localdate()
    session = SessionFactory(
        body=BodyFactory(), number=120, start_date=today + dt.timedelta(days=35)
    )
    subscriber = Subscriber.objects.create(
        email="delegate@example.org", token_hash="d" * 64, confirmed_at=timezone.now()
    )
    delivery = Delivery.objects.create(
        subscriber=subscriber,
        kind="reminder",
        session=session,
        occasion="desk:e2e",
        due_at=timezone.now(),
        state="failed",
        attempts=5,
        error="SMTPServerDisconnected: the mail server went away",
    )
    return session, delivery


def test_the_desk_shows_what_is_due_and_what_failed_and_acts_on_both(
    officer, morning, live_server, screenshots
):
    page, base = officer, live_server.url
    session, delivery = morning
    page.goto(f"{base}/admin/")
    deadlines = page.locator("#desk-deadlines")
    deadlines.wait_for()
    assert session.title in deadlines.inner_text()
    assert "Due soon, due in 5 days" in deadlines.inner_text()
    failed = page.locator("#desk-failed")
    assert "delegate@example.org" in failed.inner_text()
    assert "SMTPServerDisconnected: the mail server went away" in failed.inner_text()
    # The desk is above Django's model lists: seen without scrolling.
    assert page.locator("#desk-tools").bounding_box()["y"] < 768
    assert deadlines.bounding_box()["y"] < page.locator("#content-main").bounding_box()["y"]
    page.screenshot(path=str(screenshots / "admin-desk.png"), full_page=True)

    # The notice's line leads to the session's form, at the date that records it.
    deadlines.get_by_role("link", name="Notice of the session").click()
    page.wait_for_url(f"**/admin/meetings/session/{session.pk}/change/#id_notice_sent_on")
    page.locator("#id_notice_sent_on").wait_for()
    assert page.locator("#id_notice_sent_on").is_visible()

    # Back at the desk, resend the failed reminder.
    page.goto(f"{base}/admin/")
    page.locator("#desk-failed").get_by_role(
        "button", name="Resend to delegate@example.org"
    ).click()
    page.locator(".messagelist", has_text="queued again").wait_for()
    assert "No delivery has failed." in page.locator("#desk-failed").inner_text()
    page.screenshot(path=str(screenshots / "admin-desk-resent.png"), full_page=True)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.reason) == ("pending", 0, "resent")
