"""Date spans as the organization writes them: '2-5 December 2008', '30 June-1 July 2009'."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
WEEK_OF = {"en": "week of {}", "fr": "semaine du {}", "es": "semana del {}"}


def _lang(lang: str) -> str:
    return lang[:2] if lang and lang[:2] in MONTHS else "en"


def _day(day: dt.date, lang: str) -> str:
    return "1er" if lang == "fr" and day.day == 1 else str(day.day)


def _month_year(day: dt.date, lang: str, *, with_year: bool = True) -> str:
    month = MONTHS[lang][day.month - 1]
    if not with_year:
        return month
    return f"{month} de {day.year}" if lang == "es" else f"{month} {day.year}"


def _day_month(day: dt.date, lang: str, *, with_year: bool) -> str:
    joiner = " de " if lang == "es" else " "
    return f"{_day(day, lang)}{joiner}{_month_year(day, lang, with_year=with_year)}"


def format_span(start: dt.date, end: dt.date, lang: str = "en") -> str:
    """'17 June 2008', '2-5 December 2008', '30 June-1 July 2009', '28 December 2008-2 January 2009'."""
    lang = _lang(lang)
    if end < start:
        raise ValueError("The end of a span cannot be before its start.")
    if start == end:
        return _day_month(start, lang, with_year=True)
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day(start, lang)}-{_day_month(end, lang, with_year=True)}"
    if start.year == end.year:
        return f"{_day_month(start, lang, with_year=False)}-{_day_month(end, lang, with_year=True)}"
    return f"{_day_month(start, lang, with_year=True)}-{_day_month(end, lang, with_year=True)}"


def format_partial(
    start: dt.date, end: dt.date, precision: str, label: str = "", lang: str = "en"
) -> str:
    """Dates known only to a week, month, season or year, shown as precisely as they are known."""
    lang = _lang(lang)
    if precision == "day":
        return format_span(start, end, lang)
    if precision == "month":
        return _month_year(start, lang)
    if precision == "year":
        return str(start.year)
    if label and lang == "en":
        return label
    if precision == "week":
        return WEEK_OF[lang].format(_day_month(start, lang, with_year=True))
    return label or format_span(start, end, lang)


def dates_label(
    start: dt.date | None, end: dt.date | None, precision: str, label: str, lang: str
) -> str:
    """A session's or revision's dates as known; the text label alone when it has no dates."""
    if not start:
        return label
    return format_partial(start, end or start, precision, label, lang)


def exclusive_end(end: dt.date) -> dt.date:
    """iCalendar's DTEND of an all-day event is the day after the last day."""
    return end + dt.timedelta(days=1)
