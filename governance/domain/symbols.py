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
