"""Derived session titles, in English, French and Spanish. Titles are never typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.domain.ordinals import ordinal_words

if TYPE_CHECKING:
    from meetings.models import Session

SESSION_WORD = {"en": "Session", "fr": "session", "es": "reunión"}
SPECIAL_WORD = {"en": "(Special)", "fr": "(extraordinaire)", "es": "(extraordinaria)"}


def title_language(session: Session, lang: str = "en") -> str:
    """The language ``session``'s title can be given in: ``lang``, or English where the body has
    no name in ``lang`` or the session's own name is the English one. A title never mixes
    languages ("Première session of the Fault Check Committee"): it falls back whole."""
    lang = lang[:2] if lang and lang[:2] in SESSION_WORD else "en"
    if lang == "en" or (not session.number and session.name):
        return "en"
    localized = {"fr": session.body.name_fr, "es": session.body.name_es}[lang]
    return lang if localized else "en"


def session_title(session: Session, lang: str = "en") -> str:
    """'Ninety-fifth (Special) Session of the Council' / 'Quatre-vingt-seizième session du Conseil'."""
    lang = title_language(session, lang)
    if not session.number:
        return unnumbered_title(session.name, session.body.name_in(lang), session.dates_label(lang))
    return numbered_title(session.number, session.kind, session.body.of_name_in(lang), lang)


def numbered_title(number: int, kind: str, of_body: str, lang: str) -> str:
    words = [ordinal_words(number, lang), SESSION_WORD[lang]]
    if kind == "special":
        # English puts "(Special)" before "Session"; French and Spanish after the noun.
        words.insert(1 if lang == "en" else 2, SPECIAL_WORD[lang])
    return " ".join([*words, of_body])


def unnumbered_title(name: str, body_name: str, dates: str) -> str:
    """A workshop or consultation: its name, else the body and its dates."""
    return name or f"{body_name} {dates}".strip()
