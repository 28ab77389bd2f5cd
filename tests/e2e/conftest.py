"""Browser tests drive Debian's Chromium (never a browser Playwright downloads)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        require_service("Chromium", f"install Debian's chromium ({CHROMIUM} is missing)")
    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls around it
    # (for the tests only: the flag is removed again afterwards).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def screenshots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def seeded_site(live_server) -> str:
    from django.core.management import call_command

    call_command("load_seeds", verbosity=0)
    return live_server.url


def sign_in_as_editor(page, base_url: str) -> None:
    """Through the admin's login form, as the ``editor`` fixture's user, then the code of its
    authenticator app (the admin asks staff for a second factor)."""
    from django.contrib.auth import get_user_model

    from tests.factories.otp import confirmed_device, current_code

    device = confirmed_device(get_user_model().objects.get(username="editor"))
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor-123")
    page.click("input[type=submit]")
    page.fill("#id_code", current_code(device))
    page.click("main button[type=submit]")
    page.wait_for_selector("#site-name")


@pytest.fixture
def officer(live_server, browser, editor):
    """A meetings officer's page at 1366 px, signed in to the admin."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in_as_editor(page, live_server.url)
    yield page
    page.close()
