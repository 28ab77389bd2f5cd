"""A delegate in a real browser: home page, language switch, a session, its subscribe link and .ics."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def test_home_language_switch_session_and_ics(browser, seeded_site, screenshots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{seeded_site}/")
    assert page.locator("h1").inner_text() == "Sessions of the governing bodies"
    page.select_option("#language-select", "fr")
    page.click("form.language button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Sessions des organes directeurs"
    page.goto(f"{seeded_site}/sessions/scpf-4/")
    assert (
        page.locator("h1").inner_text()
        == "Quatrième session du Comité permanent des programmes et des finances"
    )
    assert "11-12 mai 2009" in page.locator(".history").inner_text()
    page.screenshot(path=str(screenshots / "session-fr-desktop.png"), full_page=True)
    # This session first, in French; then every session of its body, apart and named.
    session_links = page.locator(
        'ul.subscribe-links[aria-label="Ajouter cette session à votre calendrier"] a'
    )
    response = page.request.get(session_links.last.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in response.body() and b"DTSTART;VALUE=DATE:20090511" in response.body()
    assert session_links.first.get_attribute("href").startswith("webcal://")
    body_webcal = page.locator("ul.subscribe-links").nth(1).locator("a").first.get_attribute("href")
    assert body_webcal.startswith("webcal://") and body_webcal.endswith(
        "/feeds/bodies/scpf.ics?lang=fr"
    )
    page.close()


def test_keyboard_reaches_the_skip_link_first(browser, seeded_site):
    page = browser.new_page()
    page.goto(f"{seeded_site}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


@pytest.mark.parametrize("name", ["home", "calendar", "session", "body", "members", "documents"])
def test_screenshots_of_the_main_pages_at_desktop_and_phone_widths(
    browser, seeded_site, screenshots, name
):
    path = {
        "home": "/",
        "calendar": "/calendar/?year=2009",
        "session": "/sessions/council-96/",
        "body": "/bodies/scpf/",
        "members": "/members/",
        "documents": "/documents/?q=MC",
    }[name]
    for label, (width, height) in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(seeded_site + path)
        assert page.locator("h1").count() == 1
        # Nothing wider than the screen on a phone: the layout reflows.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} overflows by {overflow}px at {width}px"
        page.screenshot(path=str(screenshots / f"{name}-{label}.png"), full_page=True)
        page.close()
