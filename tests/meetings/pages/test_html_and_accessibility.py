"""Valid HTML and WCAG basics on every page: one h1, ordered headings, labels, lang, alt, contrast."""

import itertools
import re

import html5lib
import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/calendar/",
    "/calendar/?year=2008&month=12",
    "/sessions/council-96/",
    "/sessions/scpf-4/",
    "/bodies/",
    "/bodies/scpf/",
    "/members/",
    "/documents/",
    "/documents/MC/INF/262/",
    "/documents/legislative-decree-286/",
    "/resolutions/",
    "/feeds/personal/",
    "/subscribe/",
    "/search/",
    "/search/?q=budget",
    "/search/?q=mc+2216",
    "/search/?q=Mundarain+zzqx",
    "/search/?q=budget&page=99",
    "/nope/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_page_is_valid_html_with_accessibility_basics(client, seeded, url, lang):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    content = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(content)  # raises on any parse error
    assert document.get("lang") == lang
    headings = [
        int(h.tag[1])
        for h in document.iter()
        if isinstance(h.tag, str) and re.fullmatch(r"h[1-6]", h.tag)
    ]
    assert headings.count(1) == 1 and headings[0] == 1, headings
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), (
        f"skipped heading level: {headings}"
    )
    ids = [e.get("id") for e in document.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    labelled = {e.get("for") for e in document.iter("label")}
    for field in [*document.iter("input"), *document.iter("select"), *document.iter("textarea")]:
        if field.get("type") in ("hidden", "submit"):
            continue
        assert field.get("id") in labelled or field.get("aria-label"), (
            f"unlabelled {field.tag} {field.attrib}"
        )
    for image in document.iter("img"):
        assert image.get("alt") is not None
    assert document.find(".//a[@class='skip']") is not None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_and_link_colours_meet_wcag_aa_contrast():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", css))
    for foreground in ("text", "muted", "link"):
        for background in ("bg", "band"):
            assert contrast(colours[foreground], colours[background]) >= 4.5, (
                foreground,
                background,
            )


def test_focus_is_visible_and_the_skip_link_targets_main():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[3] / "static" / "css" / "site.css").read_text()
    assert "a:focus" in css and "outline: 3px" in css
