import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.numerals import from_roman, to_roman


@pytest.mark.parametrize(
    ("n", "roman"), [(93, "XCIII"), (88, "LXXXVIII"), (71, "LXXI"), (4, "IV"), (1994, "MCMXCIV")]
)
def test_session_numerals_of_the_resolutions(n, roman):
    assert (to_roman(n), from_roman(roman), from_roman(roman.lower())) == (roman, n, n)


@given(st.integers(min_value=1, max_value=3999))
def test_round_trip(n):
    assert from_roman(to_roman(n)) == n


@given(st.text(alphabet="IVXLCDM", min_size=1, max_size=12))
def test_only_canonical_forms_are_accepted(text):
    try:
        value = from_roman(text)
    except ValueError:
        return
    assert to_roman(value) == text


@pytest.mark.parametrize(
    ("bad", "message"),
    [("IIII", "standard form"), ("IC", "standard form"), ("", "empty"), ("XCIIIa", "letters")],
)
def test_refusals_say_why(bad, message):
    with pytest.raises(ValueError, match=message):
        from_roman(bad)


@pytest.mark.parametrize("bad", [0, 4000, -5])
def test_out_of_range(bad):
    with pytest.raises(ValueError, match="1 to 3999"):
        to_roman(bad)
