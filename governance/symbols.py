# TEMP STUB
import re
from dataclasses import dataclass


class SymbolError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedSymbol:
    series: str
    number: str
    parts: tuple

    @property
    def canonical(self):
        return "/".join([self.series, self.number, *[f"{k}.{n}" for k, n in self.parts]])

    @property
    def parent(self):
        return ParsedSymbol(self.series, self.number, self.parts[:-1]) if self.parts else None

    def __str__(self):
        return self.canonical


def parse_symbol(text):
    bits = [b.strip() for b in text.strip().split("/")]
    series = bits[0].upper()
    parts = []
    for b in bits[2:]:
        m = re.fullmatch(r"(corr|rev|add)\.\s*(\d+)", b, re.I)
        if not m:
            raise SymbolError(f"unknown suffix '{b}' (expected Corr., Rev. or Add.)")
        parts.append((m.group(1).capitalize(), int(m.group(2))))
    return ParsedSymbol(series, bits[1], tuple(parts))
