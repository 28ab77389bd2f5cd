"""An officer reschedules a published session in the browser with a reason and a source, and
reads both on the public page; the feed carries the change with a higher SEQUENCE."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import DocumentFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "The conference hall is under renovation"


def sequence(page, url: str) -> int:
    """The SEQUENCE of the single session's event, as a calendar client fetching it reads it."""
    response = page.request.get(url)
    assert response.ok
    (event,) = Calendar.from_ical(response.body()).walk("VEVENT")
    return int(event["SEQUENCE"])


def test_reschedule_with_a_reason_and_a_source(officer, browser, live_server, screenshots):
    page, base = officer, live_server.url
    session = SessionFactory(start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    document = DocumentFactory(symbol="MC/INF/301", title="Change of dates")
    feed = f"{base}/sessions/{session.key}.ics"
    public = browser.new_page(viewport={"width": 1280, "height": 900})
    public.goto(f"{base}{session.get_absolute_url()}")
    before = sequence(public, feed)

    page.goto(f"{base}/admin/meetings/session/{session.pk}/change/")
    page.click("text=Reschedule")
    page.wait_for_selector("#id_reason")
    page.fill("#id_start_date", "2031-06-02")
    page.fill("#id_end_date", "2031-06-04")
    # No source: the form says what is missing and nothing changes.
    page.fill("#id_reason", REASON)
    page.click("input[type=submit].default")
    page.wait_for_selector(".errornote")
    assert "Give the source" in page.locator(".errornote").inner_text()
    page.fill("#id_source_document", document.symbol)
    page.fill("#id_source_reference", "NV/2031/17")
    page.screenshot(path=str(screenshots / "admin-reschedule.png"), full_page=True)
    page.click("input[type=submit].default")
    page.wait_for_selector(".messagelist")
    assert "Rescheduled" in page.locator(".messagelist").inner_text()

    public.reload()
    history = public.locator("#history-heading + ol.history")
    history.wait_for()
    text = history.inner_text()
    assert f"Reason: {REASON}" in text
    assert "note verbale NV/2031/17" in text
    link = history.locator(f"a[href='{document.get_absolute_url()}']")
    assert link.count() == 1
    public.screenshot(path=str(screenshots / "public-session-rescheduled.png"), full_page=True)
    assert sequence(public, feed) == before + 1
    public.close()
