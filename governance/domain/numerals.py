"""Roman numerals, as in "Resolution No. 1150 (XCIII)" (XCIII: the 93rd Session of the Council)."""

from __future__ import annotations

_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(n: int) -> str:
    """1..3999 in the standard subtractive form: 93 -> 'XCIII'."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 3999:
        raise ValueError(f"Roman numerals cover 1 to 3999, not {n!r}.")
    out = []
    for value, letters in _VALUES:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


_CANONICAL = {to_roman(n): n for n in range(1, 4000)}


def from_roman(text: str) -> int:
    """'XCIII' -> 93; refuses non-canonical forms such as 'IIII' or 'IC'."""
    cleaned = (text or "").strip().upper()
    if not cleaned:
        raise ValueError("An empty string is not a Roman numeral.")
    if cleaned not in _CANONICAL:
        if set(cleaned) - set("IVXLCDM"):
            raise ValueError(f"'{text}' is not a Roman numeral (letters I, V, X, L, C, D, M only).")
        raise ValueError(f"'{text}' is not a Roman numeral in standard form.")
    return _CANONICAL[cleaned]
