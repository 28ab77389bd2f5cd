"""States' names in French and Spanish from the Unicode CLDR (through Babel), by ISO 3166 code:
a maintained source, not typed lists."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.cache
def country_name(code: str, lang: str) -> str | None:
    """The short name CLDR gives the country ``code`` (``"CH"``) in ``lang``, or None."""
    if not code:
        return None
    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return None
    name = territories.get(code.upper())
    return str(name) if name else None
