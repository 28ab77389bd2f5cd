import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.domain.datespans import exclusive_end, format_partial, format_span

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "lang", "text"),
    [
        (D(2008, 6, 17), D(2008, 6, 17), "en", "17 June 2008"),
        (D(2008, 12, 2), D(2008, 12, 5), "en", "2-5 December 2008"),
        (D(2009, 6, 30), D(2009, 7, 1), "en", "30 June-1 July 2009"),
        (D(2008, 12, 28), D(2009, 1, 2), "en", "28 December 2008-2 January 2009"),
        (D(2008, 12, 2), D(2008, 12, 5), "fr", "2-5 décembre 2008"),
        (D(2009, 7, 1), D(2009, 7, 1), "fr", "1er juillet 2009"),
        (D(2009, 6, 30), D(2009, 7, 1), "fr", "30 juin-1er juillet 2009"),
        (D(2008, 12, 2), D(2008, 12, 5), "es", "2-5 de diciembre de 2008"),
        (D(2008, 6, 17), D(2008, 6, 17), "es", "17 de junio de 2008"),
    ],
)
def test_spans(start, end, lang, text):
    assert format_span(start, end, lang) == text


def test_partial_dates():
    assert format_partial(D(2011, 12, 1), D(2011, 12, 31), "month") == "December 2011"
    assert (
        format_partial(D(2011, 12, 1), D(2011, 12, 31), "month", lang="es") == "diciembre de 2011"
    )
    assert format_partial(D(2012, 1, 1), D(2012, 12, 31), "year") == "2012"
    assert (
        format_partial(D(2009, 10, 26), D(2009, 10, 31), "week", "last week of October 2009")
        == "last week of October 2009"
    )
    assert (
        format_partial(D(2009, 10, 26), D(2009, 10, 31), "week", "last week of October 2009", "fr")
        == "semaine du 26 octobre 2009"
    )


def test_exclusive_end_of_a_two_to_five_december_session_is_the_sixth():
    assert exclusive_end(D(2008, 12, 5)) == D(2008, 12, 6)


def test_end_before_start_is_refused():
    with pytest.raises(ValueError):
        format_span(D(2009, 5, 6), D(2009, 5, 5))


@given(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)),
    st.integers(0, 400),
    st.sampled_from(["en", "fr", "es"]),
)
def test_spans_always_name_the_years_they_cover(start, days, lang):
    end = start + dt.timedelta(days=days)
    text = format_span(start, end, lang)
    assert str(end.year) in text
    if start.year != end.year:
        assert str(start.year) in text
