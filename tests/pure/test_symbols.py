import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.symbols import (
    SERIES,
    ParsedSymbol,
    SymbolError,
    is_valid_symbol,
    parse_symbol,
)


@pytest.mark.parametrize(
    ("text", "series", "number", "parts"),
    [
        ("MC/2278", "MC", "2278", ()),
        ("MC/INF/302", "MC/INF", "302", ()),
        ("MC/EX/690", "MC/EX", "690", ()),
        ("MC/EX/572/Rev.1", "MC/EX", "572", (("Rev", 1),)),
        ("MC/2216/Corr.1/Rev.1", "MC", "2216", (("Corr", 1), ("Rev", 1))),
        ("SCPF/18", "SCPF", "18", ()),
        ("WG/IOM-UN/1", "WG/IOM-UN", "1", ()),
        ("A/RES/65/170", "A/RES", "65/170", ()),
        ("IN/120", "IN", "120", ()),
    ],
)
def test_the_symbols_of_the_texts(text, series, number, parts):
    parsed = parse_symbol(text)
    assert (parsed.series, parsed.number, parsed.parts, parsed.canonical) == (
        series,
        number,
        parts,
        text,
    )


def test_normalizes_case_and_spacing():
    assert parse_symbol(" mc/2216/corr. 1 / rev.1 ").canonical == "MC/2216/Corr.1/Rev.1"


def test_a_revision_of_a_corrigendum_is_found_under_the_corrigendum_then_the_original():
    parsed = parse_symbol("MC/2216/Corr.1/Rev.1")
    assert str(parsed.parent) == "MC/2216/Corr.1"
    assert str(parsed.parent.parent) == "MC/2216"
    assert parsed.parent.parent.parent is None
    assert parsed.base == "MC/2216"


def test_order_of_suffixes_matters():
    assert parse_symbol("MC/2216/Rev.1/Corr.1") != parse_symbol("MC/2216/Corr.1/Rev.1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty symbol"),
        ("XY/12", "unknown series 'XY'"),
        ("MC/", "missing number after 'MC/'"),
        ("MC", "missing number after 'MC/'"),
        ("MC/abc", "'abc' is not a document number"),
        ("MC/2216/Corr", "'Corr' needs a number: Corr.1"),
        ("MC/2216/Foo.1", "unknown suffix 'Foo.1' (expected Corr., Rev. or Add.)"),
        ("MC/2216/Rev.1/Rev.2", "Rev appears twice in a row"),
        ("A/RES/65", "A/RES/<session>/<number>"),
    ],
)
def test_invalid_symbols_say_why(text, message):
    with pytest.raises(SymbolError) as error:
        parse_symbol(text)
    assert message in str(error.value)
    assert not is_valid_symbol(text)


def _no_repeats(parts):
    return all(a[0] != b[0] for a, b in itertools.pairwise(parts))


SYMBOLS = st.builds(
    ParsedSymbol,
    series=st.sampled_from([s for s in SERIES if s not in ("A", "A/RES")]),
    number=st.integers(min_value=1, max_value=99999).map(str),
    parts=st.lists(
        st.tuples(st.sampled_from(["Corr", "Rev", "Add"]), st.integers(1, 9)), max_size=4
    )
    .filter(_no_repeats)
    .map(tuple),
)


@given(SYMBOLS)
def test_canonical_round_trip(symbol):
    assert parse_symbol(symbol.canonical) == symbol
    assert parse_symbol(parse_symbol(symbol.canonical.lower()).canonical) == symbol


@given(SYMBOLS)
def test_parent_chain_ends_at_the_base(symbol):
    steps, current = 0, symbol
    while current.parent is not None:
        current, steps = current.parent, steps + 1
    assert (steps, current.canonical) == (len(symbol.parts), symbol.base)
