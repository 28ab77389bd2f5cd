"""A new secretariat officer in a real browser: plan a year, see the deadlines, publish a
session (and an edit of it), import a year of sessions from CSV. Screenshots in artifacts/."""

import pytest
from django.core.management import call_command
from django.db.models import Max

from meetings.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR_CSV = """body,number,kind,start_date,end_date,venue,status
council,110,regular,2028-11-28,2028-12-01,geneva,tentative
scpf,20,regular,2028-06-27,2028-06-28,geneva,tentative
scpf,21,regular,2028-10-24,2028-10-25,geneva,tentative
scpf,22,regular,2028-13-01,,geneva,tentative
"""


@pytest.fixture(autouse=True)
def seeds_loaded(live_server):
    call_command("load_seeds", verbosity=0)


def test_plan_a_year_see_deadlines_publish_and_import(
    officer, browser, live_server, screenshots, tmp_path
):
    page, base = officer, live_server.url
    # Plan next year from the rhythm.
    page.goto(f"{base}/admin/meetings/session/")
    page.click("text=Plan a year")
    page.fill("#id_year", "2027")
    page.click("input[name=preview]")
    # count() does not wait: wait for the preview page's table before counting its rows.
    page.wait_for_selector("#plan tbody tr")
    rows = page.locator("#plan tbody tr")
    assert rows.count() >= 3
    # The numbering continues after the highest number dated before the planned year.
    last = (
        Session.objects.filter(body__key="council", start_date__year__lt=2027)
        .exclude(number=None)
        .aggregate(Max("number"))["number__max"]
    )
    preview = page.locator("#plan").inner_text()
    assert f"{last + 1}" in preview, preview
    page.screenshot(path=str(screenshots / "admin-plan-year-preview.png"), full_page=True)
    page.click("input[name=confirm]")
    assert "tentative sessions drafted for 2027" in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(screenshots / "admin-plan-year-created.png"), full_page=True)
    planned = Session.objects.filter(start_date__year=2027, body__key="council").get()
    assert planned.number == last + 1

    # The deadlines of every upcoming session.
    page.click("text=Deadlines")
    table = page.locator("#compliance")
    assert planned.title in table.inner_text()
    # The Executive Committee's rules are in no source: its row says so and links to the body.
    assert "No rules of procedure are recorded for the Executive Committee" in table.inner_text()
    page.screenshot(path=str(screenshots / "admin-deadlines.png"), full_page=True)

    # Give the planned Council session an agenda and publish it.
    page.goto(f"{base}/admin/meetings/session/{planned.pk}/change/")
    page.click("text=Agenda, documents, publish")
    page.fill(
        "#id_agenda", "1 | Election of officers | election\n2 | Adoption of the agenda | adoption"
    )
    page.click("input[name=publish]")
    assert "Published" in page.locator(".messagelist").inner_text()
    public = browser.new_page(viewport={"width": 1280, "height": 900})
    public.goto(f"{base}/sessions/{planned.key}/")
    assert "Adoption of the agenda" in public.locator("main").inner_text()

    # Move it in the form: nobody sees the change until it is published again.
    page.goto(f"{base}/admin/meetings/session/{planned.pk}/change/")
    page.fill("#id_start_date", "2027-11-16")
    page.fill("#id_end_date", "2027-11-17")
    page.click("input[name=_continue]")
    assert "unpublished edits" in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(screenshots / "admin-session-unpublished-edits.png"), full_page=True)
    public.reload()
    assert "16-17 November 2027" not in public.locator("main").inner_text()
    page.click("text=Review and publish")
    assert "2027-11-16" in page.locator("#draft-fields").inner_text()
    page.screenshot(path=str(screenshots / "admin-draft-review.png"), full_page=True)
    page.click("input[name=publish]")
    page.locator(".messagelist", has_text="Published").wait_for()
    planned.refresh_from_db()
    assert str(planned.start_date) == "2027-11-16" and planned.sequence >= 1
    public.reload()
    assert "16-17 November 2027" in public.locator("main").inner_text()
    public.screenshot(path=str(screenshots / "session-published-after-edit.png"), full_page=True)
    public.close()

    # Import a year of sessions from CSV: preview row by row, then confirm.
    csv_file = tmp_path / "sessions-2028.csv"
    csv_file.write_text(YEAR_CSV)
    page.goto(f"{base}/admin/meetings/session/")
    page.click("text=Import CSV")
    page.select_option("#id_kind", "sessions")
    page.set_input_files("#id_file", str(csv_file))
    page.click("input[name=preview]")
    summary = page.locator("#import-summary").inner_text()
    assert summary == "3 to create, 0 to change, 0 unchanged, 1 refused."
    assert "not a date" in page.locator("#import-preview").inner_text()
    assert not Session.objects.filter(start_date__year=2028).exists()
    page.screenshot(path=str(screenshots / "admin-import-preview.png"), full_page=True)
    page.click("input[name=confirm]")
    assert "3 created" in page.locator(".messagelist").inner_text()
    assert Session.objects.filter(start_date__year=2028).count() == 3
    page.screenshot(path=str(screenshots / "admin-import-done.png"), full_page=True)
