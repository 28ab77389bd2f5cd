"""Every admin page the project adds or customizes, in a real browser: zero axe-core violations and
zero W3C Nu HTML Checker errors (issue #20), and the sessions changelist fits a 1366x768 screen.
axe-core and vnu-jar come from tests/js (npm); vnu needs Java. Screenshots in artifacts/."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import Session
from tests.conftest import require_service
from tests.e2e.conftest import sign_in_as_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JS = Path(__file__).resolve().parents[1] / "js" / "node_modules"
AXE = JS / "axe-core" / "axe.min.js"
VNU = JS / "vnu-jar" / "build" / "dist" / "vnu.jar"

IMPORT_CSV = "body,number,kind,start_date,end_date,venue,status\n" + (
    "council,110,regular,2028-11-28,2028-12-01,geneva,tentative\n"
)


def _session() -> Session:
    """A seeded session with the most on its form: meetings, agenda, bureau..."""
    session = (
        Session.objects.filter(is_published=True)
        .order_by("-start_date")
        .exclude(meetings=None)
        .first()
        or Session.objects.order_by("-start_date").first()
    )
    assert session is not None, "load_seeds made no session"
    return session


def _plan_year(page, base: str) -> None:
    page.goto(f"{base}/admin/meetings/session/plan-year/")
    page.fill("#id_year", "2031")
    page.click("input[name=preview]")
    page.wait_for_selector("#plan tbody tr")


def _import_preview(page, base: str, tmp_path: Path) -> None:
    csv_file = tmp_path / "sessions.csv"
    csv_file.write_text(IMPORT_CSV)
    page.goto(f"{base}/admin/meetings/session/import/")
    page.select_option("#id_kind", "sessions")
    page.set_input_files("#id_file", str(csv_file))
    page.click("input[name=preview]")
    page.wait_for_selector("#import-preview")


PAGES = {
    "index": lambda page, base, tmp: page.goto(f"{base}/admin/"),
    "sessions": lambda page, base, tmp: page.goto(f"{base}/admin/meetings/session/"),
    "session-form": lambda page, base, tmp: page.goto(
        f"{base}/admin/meetings/session/{_session().pk}/change/"
    ),
    "plan-year": lambda page, base, tmp: _plan_year(page, base),
    "deadlines": lambda page, base, tmp: page.goto(f"{base}/admin/meetings/session/compliance/"),
    "import": lambda page, base, tmp: _import_preview(page, base, tmp),
    "draft": lambda page, base, tmp: page.goto(
        f"{base}/admin/meetings/session/{_session().pk}/publishing/"
    ),
    "history": lambda page, base, tmp: page.goto(
        f"{base}/admin/meetings/session/{_session().pk}/history/"
    ),
    "deleted": lambda page, base, tmp: page.goto(f"{base}/admin/meetings/session/recover/"),
}


@pytest.fixture
def officer(live_server, browser, editor):
    call_command("load_seeds", verbosity=0)
    # bypass_csp: the admin's CSP (script-src 'self') would refuse the injected axe-core.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    sign_in_as_editor(page, live_server.url)
    yield page
    context.close()


def _axe_violations(page) -> list[str]:
    if not AXE.exists():
        require_service("axe-core", "run `npm ci --prefix tests/js`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['html'][:120]}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def _vnu_errors(html: str, tmp_path: Path) -> list[str]:
    if not VNU.exists():
        require_service("vnu-jar", "run `npm ci --prefix tests/js`")
    if not shutil.which("java"):
        require_service("Java", "install default-jre-headless (the W3C checker is a jar)")
    page_file = tmp_path / "page.html"
    page_file.write_text(html)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(page_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('lastLine')}: {m['message']} {m.get('extract', '')!r}" for m in messages]


@pytest.mark.parametrize("name", list(PAGES))
def test_admin_page_has_no_axe_violations_and_no_html_errors(
    name, officer, live_server, screenshots, tmp_path
):
    page = officer
    PAGES[name](page, live_server.url, tmp_path)
    page.wait_for_load_state("load")
    assert page.locator("#content").count() == 1, page.url
    page.screenshot(path=str(screenshots / f"admin-{name}.png"), full_page=True)
    # The served document, not the DOM after scripts ran: that is what the checker is meant for.
    html = (
        page.evaluate("fetch(location.href, {credentials: 'same-origin'}).then(r => r.text())")
        if name not in ("plan-year", "import")
        else page.content()
    )
    assert {"html": _vnu_errors(html, tmp_path), "axe": _axe_violations(page)} == {
        "html": [],
        "axe": [],
    }


def test_the_sessions_changelist_fits_a_laptop_screen(officer, live_server, screenshots):
    page = officer
    page.goto(f"{live_server.url}/admin/meetings/session/")
    page.wait_for_selector("#result_list tbody tr")
    columns = page.locator("#result_list thead th")
    assert columns.count() == 8  # the action checkbox and the seven columns
    first_row = page.locator("#result_list tbody tr").first
    for index in range(columns.count()):
        for box in (
            columns.nth(index).bounding_box(),
            first_row.locator("td, th").nth(index).bounding_box(),
        ):
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1366, index
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(screenshots / "admin-sessions-1366.png"))
