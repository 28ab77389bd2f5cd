"""Patterns that find governance mentions in the raw texts, for the seed cross-check.

``scan(text)`` returns normalized mentions by kind:
- "symbol": document symbols in canonical form (MC/2216/Corr.1/Rev.1, A/RES/65/170);
- "resolution": resolution numbers ("1150" from "Resolution No. 1150 (XCIII)");
- "session": session keys ("excom-105" from "Hundred and fifth Session of the Executive Committee",
  "council-93" from the numeral XCIII of a resolution);
- "numbered": documents cited by a number and no symbol, by their seed keys ("unsc-resolution-1244",
  "general-bulletin-2034", "legislative-decree-286", "bill-733", "senate-bill-679"): others' laws
  and resolutions, and the organization's bulletins.
Traps kept out of the organization's own kinds: "UNSC Resolution 1244" (in a place name) is not
Resolution No. 1244, and a national bill number is not a symbol; both are "numbered" mentions.
"""

from __future__ import annotations

import re

from governance.domain.numerals import from_roman
from governance.domain.ordinals import parse_ordinal
from governance.domain.symbols import SymbolError, parse_symbol

_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEENS = "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TENS_ORD = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"
_BELOW_100 = rf"(?:(?:{_TENS})[- ](?:{_UNITS})|{_TENS_ORD}|{_TEENS}|{_UNITS})"
ORDINAL = rf"(?:(?:one[- ])?hundred(?: and {_BELOW_100}|th)|{_BELOW_100}|\d{{1,3}}(?:st|nd|rd|th))"

SESSION = re.compile(
    rf"\b(?P<ordinal>{ORDINAL})\s+(?P<special>\(special\)\s+)?(?P<rest>(?:iom\s+)?(?:council\s+)?session\b)",
    re.IGNORECASE,
)
COUNCIL_BY_NUMBER = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:IOM\s+)?Council\b")
SYMBOL = re.compile(
    r"(?<![A-Za-z/])(?P<symbol>(?:MC/INF|MC/EX|MC|SCPF|WG/IOM-UN|IN)/\d+|A/RES/\d+/\d+)(?P<parts>(?:/(?:Corr|Rev|Add)\.\s?\d+)*)"
)
RESOLUTION = re.compile(
    r"\bResolution\s+No\.?\s*(?P<number>\d{1,4})(?:\s*\((?P<numeral>[IVXLCDM]+)\))?", re.IGNORECASE
)
NUMBERED = (
    (
        "unsc-resolution",
        re.compile(r"\b(?:UNSC|Security\s+Council)\s+Resolution\s+(?P<n>\d+)", re.I),
    ),
    ("general-bulletin", re.compile(r"\bGeneral\s+Bulletin\s+No\.?\s*(?P<n>\d+)", re.I)),
    ("legislative-decree", re.compile(r"\bLegislative\s+Decree\s+No\.?\s*(?P<n>\d+)", re.I)),
    ("senate-bill", re.compile(r"\bSenate\s+Bill\s+(?:No\.?\s*)?(?P<n>\d+)", re.I)),
    ("bill", re.compile(r"(?<!Senate )\bBill\s+(?:No\.?\s*)?(?P<n>\d+)", re.I)),
)
BODIES = (
    ("excom", re.compile(r"Executive\s+Committee", re.IGNORECASE)),
    ("scpf", re.compile(r"Standing\s+Committee|SCPF", re.IGNORECASE)),
    ("council", re.compile(r"Council", re.IGNORECASE)),
)
OF_BODY = re.compile(
    r"of\s+the\s+(?:IOM\s+)?(?P<body>Council|Executive\s+Committee|Standing\s+Committee)",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """Join broken lines and drop markdown marks, keeping words apart."""
    text = re.sub(r"</?sup>|\*\*|\*", "", text)
    return " ".join(text.split())


def _body_for(text: str, start: int, end: int) -> str:
    ahead = re.split(r"[;.]", text[end : end + 160], maxsplit=1)[0]
    found = OF_BODY.search(ahead)
    if found:
        name = found.group("body").lower()
        return (
            "excom"
            if name.startswith("executive")
            else "scpf"
            if name.startswith("standing")
            else "council"
        )
    sentence = re.split(r"(?<=[.;])\s", text[max(0, start - 240) : start])[-1]
    best, where = "council", -1  # a bare "NINETY-NINTH SESSION" heads a Council document
    for key, pattern in BODIES:
        for match in pattern.finditer(sentence):
            if match.start() > where:
                best, where = key, match.start()
    return best


def scan(text: str) -> dict[str, set[str]]:
    text = _clean(text)
    found: dict[str, set[str]] = {
        "symbol": set(),
        "resolution": set(),
        "session": set(),
        "numbered": set(),
    }
    for match in SYMBOL.finditer(text):
        try:
            found["symbol"].add(
                parse_symbol(match.group("symbol") + match.group("parts")).canonical
            )
        except SymbolError:
            continue
    for match in RESOLUTION.finditer(text):
        found["resolution"].add(str(int(match.group("number"))))
        if match.group("numeral"):
            found["session"].add(f"council-{from_roman(match.group('numeral'))}")
    for match in SESSION.finditer(text):
        number = parse_ordinal(match.group("ordinal"))
        body = (
            "council"
            if "council" in match.group("rest").lower()
            else _body_for(text, match.start(), match.end())
        )
        found["session"].add(f"{body}-{number}")
    for match in COUNCIL_BY_NUMBER.finditer(text):
        found["session"].add(f"council-{int(match.group('n'))}")
    for prefix, pattern in NUMBERED:
        for match in pattern.finditer(text):
            found["numbered"].add(f"{prefix}-{int(match.group('n'))}")
    return found
