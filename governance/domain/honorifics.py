"""Honorifics in the page's language: "Mr." is "M." in French and "Sr." in Spanish, "H.E. Mrs."
is "S.E. Mme" / "S.E. Sra.". A fixed list of the forms of address the organization's texts use
(UN editorial usage); an honorific not in it is shown as stored, and the caller is told it is
English so it can be marked."""

from __future__ import annotations

from governance.domain.languages import ORIGINAL, language_code

# Each word of a stored honorific, in French and Spanish.
HONORIFICS: dict[str, dict[str, str]] = {
    "Mr.": {"fr": "M.", "es": "Sr."},
    "Mrs.": {"fr": "Mme", "es": "Sra."},
    "Ms.": {"fr": "Mme", "es": "Sra."},
    "Miss": {"fr": "Mlle", "es": "Srta."},
    "H.E.": {"fr": "S.E.", "es": "S.E."},
    "Dr.": {"fr": "Dr", "es": "Dr."},
    "Prof.": {"fr": "Pr", "es": "Prof."},
    "Amb.": {"fr": "Amb.", "es": "Emb."},
}


def honorific_in(honorific: str, lang: str | None) -> tuple[str, str]:
    """``honorific`` in ``lang`` and the language it is given in: translated word by word
    when every word is known ("H.E. Mrs." -> "S.E. Mme"), else as stored, in English."""
    code = language_code(lang)
    words = honorific.split()
    if code == ORIGINAL or not words or any(word not in HONORIFICS for word in words):
        return honorific, ORIGINAL
    return " ".join(HONORIFICS[word][code] for word in words), code
