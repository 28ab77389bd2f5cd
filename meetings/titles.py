"""Derived session titles, in English, French and Spanish. Titles are never typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.ordinals import ordinal_words

if TYPE_CHECKING:
    from .models import Session

SESSION_WORD = {"en": "Session", "fr": "session", "es": "reunión"}
SPECIAL_WORD = {"en": "(Special)", "fr": "(extraordinaire)", "es": "(extraordinaria)"}


def session_title(session: Session, lang: str = "en") -> str:
    """'Ninety-fifth (Special) Session of the Council' / 'Quatre-vingt-seizième session du Conseil'."""
    lang = lang[:2] if lang and lang[:2] in SESSION_WORD else "en"
    if not session.number:
        return session.name or f"{session.body.name_in(lang)} {session.dates_label(lang)}".strip()
    ordinal = ordinal_words(session.number, lang)
    words = [ordinal, SESSION_WORD[lang]]
    if session.kind == "special":
        # English puts "(Special)" before "Session"; French and Spanish after the noun.
        words.insert(1 if lang == "en" else 2, SPECIAL_WORD[lang])
    return " ".join([*words, session.body.of_name_in(lang)])
