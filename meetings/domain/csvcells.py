"""Cells of the secretariat's CSV files, shared by the import and the export.

Every exported cell that a spreadsheet would run as a formula is neutralized the OWASP way,
with a leading apostrophe that the import takes off again (export_cell and import_cell).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection");
# tab and CR too, as some programs skip them and read the formula after.
FORMULA_STARTS = frozenset("=+-@\t\r")
ESCAPE = "'"


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, headers, size): nothing is imported."""


def _looks_escaped(cell: str) -> bool:
    """A cell the export escaped: an apostrophe before what would need escaping on its own."""
    if len(cell) < 2 or cell[0] != ESCAPE:
        return False
    rest = cell[1:]
    return rest[0] in FORMULA_STARTS or rest[0] == ESCAPE or rest != rest.strip()


def export_cell(text: str) -> str:
    """The cell for a stored text: prefixed with an apostrophe when a spreadsheet would run it,
    when the import would strip its surrounding spaces, or when it would read as escaped."""
    if text and (text[0] in FORMULA_STARTS or text != text.strip() or _looks_escaped(text)):
        return ESCAPE + text
    return text


def import_cell(cell: str) -> str:
    """The text of a cell: an escaped cell exactly as exported, any other one without the spaces
    around it (hand-made files), except that spaces or tabs before a formula character stay, so
    stripping never makes a formula of what the file showed as text."""
    if _looks_escaped(cell):
        return cell[1:]
    text = cell.strip()
    if text and text[0] in FORMULA_STARTS and cell[0].isspace():
        return cell.rstrip()
    return text


def cell_text(value: Any) -> str:
    """A stored value as the file writes it (dates in ISO 8601, booleans as 1 and 0)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
