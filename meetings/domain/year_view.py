"""A year at a glance: months across, bodies down, each session a bar over the months it spans.

Pure: it takes sessions (anything with ``body``, ``start_date``, ``end_date`` and
``date_precision``) and lays them out; the template draws the table.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from governance.enums import DatePrecision

# A session known only to its year would be a bar over all twelve months: the year view would
# claim months the record does not give. Those are listed beside the view instead.
BAR_PRECISIONS = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.SEASON,
)


@dataclass
class Cell:
    months: int  # how many months the cell spans (its colspan)
    first_month: int
    sessions: list[Any] = field(default_factory=list)


@dataclass
class Row:
    body: Any
    cells: list[Cell]


def months_of(session: Any, year: int) -> range:
    """The months of ``year`` the session spans (empty when it does not fall in that year)."""
    start: dt.date = session.start_date
    end: dt.date = session.end_date or start
    if end.year < year or start.year > year:
        return range(0)
    first = start.month if start.year == year else 1
    last = end.month if end.year == year else 12
    return range(first, last + 1)


def on_bars(session: Any) -> bool:
    return session.start_date is not None and session.date_precision in BAR_PRECISIONS


def year_rows(sessions: Iterable[Any], year: int) -> list[Row]:
    """One row per body with a session in ``year``, by the body's name; consecutive months
    holding the same sessions are one cell."""
    by_body: dict[Any, list[list[Any]]] = {}
    for session in sessions:
        if not on_bars(session):
            continue
        for month in months_of(session, year):
            months = by_body.setdefault(session.body, [[] for _ in range(12)])
            months[month - 1].append(session)
    rows = [Row(body=body, cells=_cells(months)) for body, months in by_body.items()]
    return sorted(rows, key=lambda row: str(row.body))


def _cells(months: Sequence[list[Any]]) -> list[Cell]:
    cells: list[Cell] = []
    for index, here in enumerate(months, start=1):
        if cells and [s.pk for s in cells[-1].sessions] == [s.pk for s in here]:
            cells[-1].months += 1
        else:
            cells.append(Cell(months=1, first_month=index, sessions=list(here)))
    return cells


@dataclass(frozen=True)
class MonthName:
    month: int  # 1-12
    wide: str  # "janvier"
    abbreviated: str  # "janv." (Django's "M" gives "Jui" for both juin and juillet)


@functools.cache
def month_names(lang: str) -> tuple[MonthName, ...]:
    """The twelve months' names in ``lang`` as CLDR (through Babel) writes them at the head of
    a calendar's columns: "janv.", "févr."...; "ene", "feb"...; "Jan", "Feb"..."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    wide = locale.months["stand-alone"]["wide"]
    short = locale.months["stand-alone"]["abbreviated"]
    return tuple(MonthName(m, str(wide[m]), str(short[m])) for m in range(1, 13))
