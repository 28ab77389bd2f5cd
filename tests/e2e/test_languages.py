"""A French or a Spanish delegate on a phone (390 px) reads every main page in their language: no
English word outside an element marked lang="en", no word broken inside a table cell, nothing
wider than the screen, and the year at a glance present and readable. Screenshots in artifacts/."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_LANGUAGE = (Path(__file__).parent / "page_language.js").read_text()
PAGES = {
    "home": "/",
    "calendar": "/calendar/?year=2009",
    "session": "/sessions/council-96/",
    "session-scpf": "/sessions/scpf-4/",
    "session-month": "/sessions/council-100/",
    "bodies": "/bodies/",
    "body": "/bodies/council/",
    "body-scpf": "/bodies/scpf/",
    "body-excom": "/bodies/excom/",
    "members": "/members/",
    "documents": "/documents/",
    "document": "/documents/MC/2278/",
    "resolutions": "/resolutions/",
    "search": "/search/?q=budget",
    "subscribe": "/subscribe/",
    "personal-feed": "/feeds/personal/",
    "portal-sign-in": "/portal/sign-in/",
    "portal-password": "/portal/password/",
}
MONTHS = {"fr": ("janv.", "déc."), "es": ("ene", "dic")}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_main_page_reads_in_the_language_on_a_phone(
    browser, seeded_site, screenshots, language
):
    context = browser.new_context(
        locale=language,
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    problems = []
    for name, path in PAGES.items():
        page.goto(seeded_site + path)
        assert page.locator("html").get_attribute("lang") == language, path
        found = page.evaluate(PAGE_LANGUAGE)
        problems += [f"{path}: English {text}" for text in found["english"]]
        problems += [f"{path}: broken {text}" for text in found["broken"]]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            problems.append(f"{path}: {overflow}px wider than the screen")
        page.screenshot(path=str(screenshots / f"{name}-{language}-phone.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_year_at_a_glance_is_there_and_readable(browser, seeded_site, screenshots, language):
    context = browser.new_context(
        locale=language,
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    page.goto(f"{seeded_site}/calendar/?year=2009")
    year = page.locator("table.year")
    assert year.is_visible()
    months = year.locator("thead th abbr").all_inner_texts()
    assert len(months) == 12
    if language in MONTHS:
        first, last = MONTHS[language]
        assert (months[0].lower(), months[-1].lower()) == (first, last), months
    # Each bar is a link one can read and click: on screen, with its session named for a screen reader.
    bars = year.locator("td.bar a")
    assert bars.count() >= 5
    for index in range(bars.count()):
        box = bars.nth(index).bounding_box()
        assert box is not None and box["width"] >= 10 and box["height"] >= 10
        assert bars.nth(index).locator(".visually-hidden").inner_text().strip()
    # The list stays beside it, with the same sessions.
    assert page.locator("ul.sessions li").count() >= bars.count()
    page.screenshot(path=str(screenshots / f"calendar-{language}-desktop.png"), full_page=True)
    for name in ("home", "session", "body", "members", "documents", "resolutions"):
        page.goto(seeded_site + PAGES[name])
        page.screenshot(path=str(screenshots / f"{name}-{language}-desktop.png"), full_page=True)
    context.close()
