"""A French delegate on a phone types a symbol as delegates write it into the box every page has,
and lands on that document: the results in French, nothing wider than the screen."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_LANGUAGE = (Path(__file__).parent / "page_language.js").read_text()


def test_a_symbol_typed_in_the_box_on_a_phone_in_french_leads_to_the_document(
    browser, seeded_site, screenshots
):
    from django.core.management import call_command

    call_command("search_index_rebuild", verbosity=0)
    context = browser.new_context(
        locale="fr",
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    page.goto(f"{seeded_site}/calendar/")
    box = page.get_by_role("searchbox", name="Rechercher dans le calendrier")
    assert box.is_visible()
    box.fill("mc 2216 corr 1")
    box.press("Enter")
    page.wait_for_url("**/search/?q=mc+2216+corr+1")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title() == "Recherche\xa0: mc 2216 corr 1 · Calendrier des organes directeurs"
    assert page.locator("#search-q").input_value() == "mc 2216 corr 1"
    # The texts record the corrigendum only as revised: its revision is what "corr 1" finds.
    first = page.locator("ol.hits > li").first.locator("p.hit-title a")
    assert first.get_attribute("href") == "/documents/MC/2216/Corr.1/Rev.1/"
    assert first.inner_text().startswith("MC/2216/Corr.1/Rev.1")
    found = page.evaluate(PAGE_LANGUAGE)
    assert found["english"] == [] and found["broken"] == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the results overflow by {overflow}px"
    page.screenshot(path=str(screenshots / "search-fr-phone.png"), full_page=True)
    first.click()
    page.wait_for_url("**/documents/MC/2216/Corr.1/Rev.1/")
    assert page.locator("h1").inner_text() == "MC/2216/Corr.1/Rev.1"
    context.close()
