"""The year at a glance: each session a bar over the months it spans, a row per body."""

import datetime as dt
from dataclasses import dataclass

from meetings.domain.year_view import months_of, year_rows


@dataclass(frozen=True)
class S:
    pk: int
    body: str
    start_date: dt.date | None
    end_date: dt.date | None = None
    date_precision: str = "day"


def test_a_session_over_two_months_is_one_cell_of_two():
    (row,) = year_rows([S(1, "Council", dt.date(2009, 6, 30), dt.date(2009, 7, 1))], 2009)
    assert [(c.first_month, c.months, [s.pk for s in c.sessions]) for c in row.cells] == [
        (1, 5, []),
        (6, 2, [1]),
        (8, 5, []),
    ]


def test_sessions_of_one_body_share_its_row_and_bodies_are_sorted_by_name():
    rows = year_rows(
        [
            S(1, "SCPF", dt.date(2008, 5, 5)),
            S(2, "Council", dt.date(2008, 12, 2), dt.date(2008, 12, 5)),
            S(3, "SCPF", dt.date(2008, 10, 1)),
            S(4, "SCPF", dt.date(2008, 10, 20)),
        ],
        2008,
    )
    assert [row.body for row in rows] == ["Council", "SCPF"]
    october = next(c for c in rows[1].cells if c.first_month == 10)
    assert [s.pk for s in october.sessions] == [3, 4] and october.months == 1
    assert sum(c.months for row in rows for c in row.cells) == 24


def test_a_session_across_new_year_is_clipped_to_the_year_shown():
    session = S(1, "Council", dt.date(2011, 12, 20), dt.date(2012, 1, 10))
    assert list(months_of(session, 2011)) == [12]
    assert list(months_of(session, 2012)) == [1]
    assert list(months_of(session, 2013)) == []


def test_a_session_known_only_to_its_year_or_without_dates_is_not_drawn():
    sessions = [
        S(1, "Forum", dt.date(2009, 1, 1), dt.date(2009, 12, 31), "year"),
        S(2, "Council", None),
        S(3, "Council", dt.date(2009, 12, 1), dt.date(2009, 12, 31), "month"),
    ]
    (row,) = year_rows(sessions, 2009)
    assert row.body == "Council" and [s.pk for s in row.cells[-1].sessions] == [3]


def test_months_are_named_as_cldr_heads_a_calendar_column_in_each_language():
    from meetings.domain.year_view import month_names

    assert [m.abbreviated for m in month_names("fr")][5:8] == ["juin", "juil.", "août"]
    assert [m.abbreviated for m in month_names("es")][:2] == ["ene", "feb"]
    assert [(m.month, m.wide) for m in month_names("en")][-1] == (12, "December")
    assert month_names("xx") == month_names("en")
