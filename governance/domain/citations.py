"""Where in a document a fact is stated ("MC/2278, paragraph 30, footnote 2"), in the reader's
language.

A citation is a document symbol followed by places in it, separated by commas or a colon. Each
place the organization's documents use (paragraph, footnote, annex, part...) has its words in
French and Spanish; a citation with any other part (a slide's title, a table's English caption) is
not translated at all, so that a page never mixes languages inside one citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext, pgettext

_SYMBOL = r"[A-Z]+(?:/[A-Z]+)*/\d+(?:/[A-Za-z]+\.?\d*)*"
_ROMAN = r"[IVXLCDM]+"


Words = Callable[[re.Match[str]], str]


def _place(pattern: str, words: Words) -> tuple[re.Pattern[str], Words]:
    return re.compile(rf"^{pattern}$"), words


# Each part of a citation, whole, and its words in the active language.
_PLACES = (
    _place(_SYMBOL, lambda m: m[0]),
    _place(
        r"paragraphs (\d+)-(\d+)",
        lambda m: gettext("paragraphs %(first)s-%(last)s") % {"first": m[1], "last": m[2]},
    ),
    _place(
        r"operative paragraph (\d+)",
        lambda m: gettext("operative paragraph %(n)s") % {"n": m[1]},
    ),
    _place(
        r"heading before paragraph (\d+)",
        lambda m: gettext("heading before paragraph %(n)s") % {"n": m[1]},
    ),
    _place(r"paragraph (\d+)", lambda m: gettext("paragraph %(n)s") % {"n": m[1]}),
    _place(
        rf"paragraph (\d+) \(annexed to ({_SYMBOL})\)",
        lambda m: gettext("paragraph %(n)s (annexed to %(symbol)s)") % {"n": m[1], "symbol": m[2]},
    ),
    _place(r"footnote (\d+)", lambda m: gettext("footnote %(n)s") % {"n": m[1]}),
    _place(rf"Annex(?: ({_ROMAN}))?", lambda m: _annex(m[1])),
    _place(
        rf"Annex(?: ({_ROMAN}))? \(({_SYMBOL})\)",
        lambda m: f"{_annex(m[1])} ({m[2]})",
    ),
    _place(rf"Part ({_ROMAN})", lambda m: gettext("Part %(n)s") % {"n": m[1]}),
    _place(r"cover", lambda _m: pgettext("of a document", "cover")),
    _place(r"page headers", lambda _m: gettext("page headers")),
    _place(
        rf"Resolution No\. (\d+)(?: \(({_ROMAN})\))?",
        lambda m: resolution_name(m[1], m[2]),
    ),
)


def _annex(number: str | None) -> str:
    return gettext("Annex %(n)s") % {"n": number} if number else gettext("Annex")


def resolution_name(number: str | int, session_numeral: str | None = None) -> str:
    """ "Resolution No. 1150 (XCIII)" in the active language ("Résolution n° 1150 (XCIII)")."""
    name = gettext("Resolution No. %(number)s") % {"number": number}
    return f"{name} ({session_numeral})" if session_numeral else name


def _translated_part(part: str) -> str | None:
    for pattern, words in _PLACES:
        match = pattern.match(part)
        if match:
            return words(match)
    return None


def localized_citation(citation: str) -> str | None:
    """The citation in the active language, or None when one of its parts has no translation
    (the caller then shows it whole, in English, marked as such)."""
    out: list[str] = []
    for separator_and_part in re.split(r"(, |: )", citation):
        if separator_and_part in (", ", ": "):
            out.append(separator_and_part)
            continue
        translated = _translated_part(separator_and_part)
        if translated is None:
            return None
        out.append(translated)
    return "".join(out)
