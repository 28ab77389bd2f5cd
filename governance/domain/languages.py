"""Text kept in the organization's three languages: the original, as the secretariat writes it
in English, with its French and Spanish versions beside it (``title_fr``, ``title_es``; a
venue's ``name_fr``...). A missing version falls back to the original, and the caller is told
which language it got, so pages, feeds and e-mails can mark it (``lang="en"``)."""

from __future__ import annotations

ORIGINAL = "en"
LANGUAGES = ("en", "fr", "es")


def language_code(lang: str | None) -> str:
    """ "fr-ch" -> "fr"; anything that is not one of the three -> the original's."""
    code = (lang or ORIGINAL)[:2].lower()
    return code if code in LANGUAGES else ORIGINAL


def in_language(record: object, field: str, lang: str | None) -> tuple[str, str]:
    """``record.<field>`` in ``lang``, and the language of what is returned: its version in
    ``<field>_<lang>`` when one is given, else the original."""
    code = language_code(lang)
    if code != ORIGINAL:
        version = getattr(record, f"{field}_{code}", "") or ""
        if version:
            return str(version), code
    return str(getattr(record, field) or ""), ORIGINAL


def place_label(name: str, city: str) -> str:
    """A venue as it is named: "United Nations Headquarters, New York", but "Geneva" alone."""
    return name if not city or city in name else f"{name}, {city}"
