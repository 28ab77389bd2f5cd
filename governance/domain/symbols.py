"""Document symbols: 'MC/2216/Corr.1/Rev.1' is Revision 1 of Corrigendum 1 to MC/2216.

Suffixes form an ordered chain (a revision *of* a corrigendum), never a set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest first, so MC/INF is not read as MC + "INF".
SERIES = ("WG/IOM-UN", "MC/INF", "MC/EX", "A/RES", "SCPF", "MC", "IN", "A")
SUFFIXES = {"corr": "Corr", "rev": "Rev", "add": "Add"}
_SUFFIX = re.compile(r"^(?P<kind>[A-Za-z]+)\.?\s*(?P<n>\d*)$")


class SymbolError(ValueError):
    """A symbol that cannot be read; the message says why."""


@dataclass(frozen=True)
class ParsedSymbol:
    series: str
    number: str
    parts: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        return self.canonical

    @property
    def base(self) -> str:
        return f"{self.series}/{self.number}"

    @property
    def canonical(self) -> str:
        return "/".join([self.base, *(f"{kind}.{n}" for kind, n in self.parts)])

    @property
    def parent(self) -> ParsedSymbol | None:
        """The document this one amends (MC/2216/Corr.1 for MC/2216/Corr.1/Rev.1); None for an original."""
        if not self.parts:
            return None
        return ParsedSymbol(self.series, self.number, self.parts[:-1])


def _split_series(text: str) -> tuple[str, str]:
    upper = text.upper()
    for series in SERIES:
        if upper == series:
            raise SymbolError(f"missing number after '{series}/'")
        if upper.startswith(series + "/"):
            return series, text[len(series) + 1 :]
    head = text.split("/", 1)[0]
    raise SymbolError(f"unknown series '{head}' (known: {', '.join(sorted(SERIES))})")


def parse_symbol(text: str) -> ParsedSymbol:
    """Read a symbol into series, number and the ordered chain of Corr./Rev./Add. parts."""
    if text is None or not str(text).strip():
        raise SymbolError("empty symbol")
    cleaned = re.sub(r"\s*/\s*", "/", str(text).strip())
    series, rest = _split_series(cleaned)
    pieces = [p.strip() for p in rest.split("/")]
    if not pieces or not pieces[0]:
        raise SymbolError(f"missing number after '{series}/'")
    if series == "A/RES":  # UN General Assembly: session/resolution, e.g. A/RES/65/170
        if len(pieces) < 2 or not (pieces[0].isdigit() and pieces[1].isdigit()):
            raise SymbolError(
                "a General Assembly resolution is A/RES/<session>/<number>, e.g. A/RES/65/170"
            )
        number, pieces = f"{int(pieces[0])}/{int(pieces[1])}", pieces[2:]
    elif series == "A":
        if len(pieces) < 2 or not (pieces[0].isdigit() and pieces[1].isdigit()):
            raise SymbolError("a General Assembly document is A/<session>/<number>, e.g. A/65/203")
        number, pieces = f"{int(pieces[0])}/{int(pieces[1])}", pieces[2:]
    else:
        if not pieces[0].isdigit():
            raise SymbolError(
                f"'{pieces[0]}' is not a document number (digits expected after '{series}/')"
            )
        number, pieces = str(int(pieces[0])), pieces[1:]
    parts: list[tuple[str, int]] = []
    for piece in pieces:
        match = _SUFFIX.match(piece)
        kind = SUFFIXES.get(match.group("kind").lower()) if match else None
        if match is None or kind is None:
            raise SymbolError(f"unknown suffix '{piece}' (expected Corr., Rev. or Add.)")
        if not match.group("n"):
            raise SymbolError(f"'{kind}' needs a number: {kind}.1")
        n = int(match.group("n"))
        if n < 1:
            raise SymbolError(f"'{kind}.{n}': suffix numbers start at 1")
        if parts and parts[-1][0] == kind:
            raise SymbolError(
                f"{kind} appears twice in a row ('{parts[-1][0]}.{parts[-1][1]}/{kind}.{n}')"
            )
        parts.append((kind, n))
    return ParsedSymbol(series, number, tuple(parts))


def is_valid_symbol(text: str) -> bool:
    try:
        parse_symbol(text)
    except SymbolError:
        return False
    return True


# What a delegate types: "mc 2216 corr 1", "MC/2216/Corr.1/Rev.1", "scpf/18", "MC-INF 12".
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+")
_OTHER = re.compile(r"[^A-Za-z0-9\s/.,:;#-]")
_SERIES_TOKENS = tuple((series, tuple(re.split(r"/", series.upper()))) for series in SERIES)
_SUFFIX_WORDS = (("corr", "Corr"), ("rev", "Rev"), ("add", "Add"))


def _suffix_kind(word: str) -> str | None:
    """'corr', 'Corr', 'corrigendum', 'rev', 'revision', 'add', 'addendum' -> the suffix."""
    lowered = word.lower()
    for prefix, kind in _SUFFIX_WORDS:
        if lowered.startswith(prefix):
            return kind
    return None


def _leading_series(tokens: list[str]) -> tuple[str, list[str]] | None:
    """The series the tokens begin with ("mc", "inf", "12" -> MC/INF) and the tokens after it."""
    upper = tuple(token.upper() for token in tokens)
    for series, series_tokens in _SERIES_TOKENS:
        if upper[: len(series_tokens)] == series_tokens:
            return series, tokens[len(series_tokens) :]
    return None


def symbol_normalise(text: str) -> str | None:
    """The canonical symbol a search box's text names ("mc 2216 corr 1" -> "MC/2216/Corr.1"), or
    None when the text is not a symbol (words, a bare number, an unknown series)."""
    if not text or len(text) > 120:
        return None
    try:
        return parse_symbol(text).canonical
    except SymbolError:
        pass
    tokens = _TOKEN.findall(text)
    if len(tokens) < 2 or _OTHER.search(text):
        return None  # characters that are neither letters, digits nor separators
    found = _leading_series(tokens)
    if found is None:
        return None
    series, rest = found
    numbers = 2 if series in ("A", "A/RES") else 1
    if len(rest) < numbers or not all(token.isdigit() for token in rest[:numbers]):
        return None
    pieces = [series, *rest[:numbers]]
    rest = rest[numbers:]
    if len(rest) % 2:
        return None
    for word, number in zip(rest[::2], rest[1::2], strict=True):
        kind = _suffix_kind(word)
        if kind is None or not number.isdigit():
            return None
        pieces.append(f"{kind}.{number}")
    try:
        return parse_symbol("/".join(pieces)).canonical
    except SymbolError:
        return None


_RESOLUTION = re.compile(
    r"^\s*(?:r[ée]solu(?:tion|ci[óo]n)\s*|res\.?\s*)?"
    r"(?:(?:no|n[°º]|n\.[°º]|n\.?\s*[°º]|num(?:ber|ero|éro)?)\.?\s*)?"
    r"(?P<number>\d{1,5})\s*(?:\(\s*(?P<numeral>[IVXLCDM]+)\s*\))?\s*$",
    re.IGNORECASE,
)


def resolution_number_of(text: str) -> int | None:
    """The resolution number a search names: "1150", "Resolution No. 1150 (XCIII)",
    "résolution n° 1150", "Resolución n.º 1150"; None otherwise."""
    match = _RESOLUTION.match(text or "")
    if match is None:
        return None
    number = int(match.group("number"))
    return number if number > 0 else None
