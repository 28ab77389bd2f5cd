"""Ordinal words and numbers in English, French and Spanish, as the organization writes them.

English titles say "Hundred and fifth", never "One hundred and fifth".
"""

from __future__ import annotations

import functools
import re

LANGS = ("en", "fr", "es")

_EN_UNITS = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORD = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _en_cardinal_below_100(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")


def _en_ordinalize(word: str) -> str:
    if word in _EN_ORD:
        return _EN_ORD[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def _en_ordinal_below_100(n: int) -> str:
    cardinal = _en_cardinal_below_100(n)
    head, sep, last = cardinal.rpartition("-")
    return f"{head}{sep}{_en_ordinalize(last)}"


def _en_words(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _en_ordinal_below_100(rest)
    prefix = "hundred" if hundreds == 1 else f"{_EN_UNITS[hundreds]} hundred"
    if rest == 0:
        return prefix + "th"
    return f"{prefix} and {_en_ordinal_below_100(rest)}"


_FR_UNITS = [
    "",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _fr_cardinal_below_100(n: int) -> str:
    if n < 20:
        return _FR_UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix
        base = "soixante" if tens == 7 else "quatre-vingt"
        if tens == 7 and unit == 1:
            return "soixante et onze"
        return f"{base}-{_FR_UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingt" + (f"-{_FR_UNITS[unit]}" if unit else "s")
    if unit == 1:
        return f"{_FR_TENS[tens]} et un"
    return _FR_TENS[tens] + (f"-{_FR_UNITS[unit]}" if unit else "")


def _fr_cardinal(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _fr_cardinal_below_100(rest)
    head = "cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {_fr_cardinal_below_100(rest)}"


def _fr_words(n: int, feminine: bool) -> str:
    if n == 1:
        return "première" if feminine else "premier"
    cardinal = _fr_cardinal(n)
    if cardinal.endswith("quatre-vingts") or cardinal.endswith("cents"):
        cardinal = cardinal[:-1]
    if cardinal.endswith("cinq"):
        return cardinal + "uième"
    if cardinal.endswith("neuf"):
        return cardinal[:-1] + "vième"
    if cardinal.endswith("e"):
        return cardinal[:-1] + "ième"
    return cardinal + "ième"


_ES_UNITS = ["", "primer", "segund", "tercer", "cuart", "quint", "sext", "séptim", "octav", "noven"]
_ES_TENS = [
    "",
    "décim",
    "vigésim",
    "trigésim",
    "cuadragésim",
    "quincuagésim",
    "sexagésim",
    "septuagésim",
    "octogésim",
    "nonagésim",
]
_ES_HUNDREDS = [
    "",
    "centésim",
    "ducentésim",
    "tricentésim",
    "cuadringentésim",
    "quingentésim",
    "sexcentésim",
    "septingentésim",
    "octingentésim",
    "noningentésim",
]
_ES_SPECIAL = {11: "undécim", 12: "duodécim"}


def _es_words(n: int, feminine: bool) -> str:
    ending = "a" if feminine else "o"
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    parts = []
    if hundreds:
        parts.append(_ES_HUNDREDS[hundreds])
    if rest in _ES_SPECIAL:
        parts.append(_ES_SPECIAL[rest])
    else:
        if tens:
            parts.append(_ES_TENS[tens])
        if unit:
            parts.append(_ES_UNITS[unit])
    # "primer" takes the full ending too: primera / primero.
    words = [stem + ending for stem in parts]
    return " ".join(words)


def ordinal_words(n: int, lang: str = "en", *, feminine: bool = True) -> str:
    """'Ninety-sixth' / 'Quatre-vingt-seizième' / 'Nonagésima sexta' (first letter capitalised)."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 999:
        raise ValueError(f"Ordinals are written for 1 to 999, not {n!r}.")
    return _ordinal_words(n, lang, feminine)


@functools.lru_cache(maxsize=6000)  # every number in every form: each title asks again
def _ordinal_words(n: int, lang: str, feminine: bool) -> str:
    if lang == "en":
        words = _en_words(n)
    elif lang == "fr":
        words = _fr_words(n, feminine)
    elif lang == "es":
        words = _es_words(n, feminine)
    else:
        raise ValueError(f"No ordinals for language '{lang}' (en, fr, es).")
    return words[:1].upper() + words[1:]


def ordinal_number(n: int, lang: str = "en", *, feminine: bool = True) -> str:
    """'96th' / '96e' / '96.ª'."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"Ordinals start at 1, not {n!r}.")
    if lang == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if lang == "fr":
        return f"{n}{('re' if feminine else 'er') if n == 1 else 'e'}"
    if lang == "es":
        return f"{n}.{'ª' if feminine else 'º'}"
    raise ValueError(f"No ordinals for language '{lang}' (en, fr, es).")


_EN_LOOKUP = {_en_words(n): n for n in range(1, 1000)}
_DIGITS = re.compile(r"^(\d+)\s*(st|nd|rd|th)$")


def parse_ordinal(text: str) -> int:
    """English ordinal words or '96th' back to a number, in any of the forms the texts use.

    'Ninety-sixth', 'NINETY-NINTH', 'Ninety Seventh', 'Hundred and Sixth', 'One hundred and fifth', '100th'.
    """
    cleaned = " ".join((text or "").strip().lower().replace("-", " ").split())
    digits = _DIGITS.match(cleaned.replace(" ", ""))
    if digits:
        return int(digits.group(1))
    cleaned = re.sub(r"^one hundred", "hundred", cleaned)
    for words, value in _EN_LOOKUP.items():
        if words.replace("-", " ") == cleaned:
            return value
    raise ValueError(f"'{text}' is not an English ordinal such as 'Ninety-sixth' or '96th'.")
