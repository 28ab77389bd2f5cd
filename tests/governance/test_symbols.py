"""What a delegate types in the search box, read as a symbol or a resolution number (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.symbols import (
    SERIES,
    parse_symbol,
    resolution_number_of,
    symbol_normalise,
)


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [
        ("MC/2216", "MC/2216"),
        ("mc/2216", "MC/2216"),
        ("mc 2216", "MC/2216"),
        ("mc2216", "MC/2216"),
        ("mc 2216 corr 1", "MC/2216/Corr.1"),
        ("MC/2216/Corr1", "MC/2216/Corr.1"),
        ("MC.2216.Corr.1", "MC/2216/Corr.1"),
        ("MC/2216/Corr.1/Rev.1", "MC/2216/Corr.1/Rev.1"),
        ("mc 2216 corr 1 rev 1", "MC/2216/Corr.1/Rev.1"),
        ("mc 2216 revision 2", "MC/2216/Rev.2"),
        ("MC/2216/Add.3", "MC/2216/Add.3"),
        ("SCPF/18", "SCPF/18"),
        ("scpf 18", "SCPF/18"),
        ("mc inf 12", "MC/INF/12"),
        ("MC/INF/12", "MC/INF/12"),
        ("a res 65 170", "A/RES/65/170"),
        ("A/RES/65/170", "A/RES/65/170"),
        ("wg iom-un 3", "WG/IOM-UN/3"),
        ("  MC / 2216  ", "MC/2216"),
    ],
)
def test_a_symbol_as_delegates_type_it(typed, symbol):
    assert symbol_normalise(typed) == symbol


@pytest.mark.parametrize(
    "text",
    [
        "",
        "budget",
        "1150",
        "2216",
        "mc",
        "mc 2216 corr",  # a suffix without its number
        "mc 2216 budget",
        "xyz 12",  # no such series
        "MC/2216/Corr.0",
        "MC/2216/Corr.1/Corr.2",
        "mc 2216 <script>",
        "MC/" + "1" * 200,
    ],
)
def test_what_is_not_a_symbol_is_none(text):
    assert symbol_normalise(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1150", 1150),
        ("Resolution No. 1150 (XCIII)", 1150),
        ("resolution no 1150", 1150),
        ("Res. 1150", 1150),
        ("résolution n° 1150", 1150),
        ("Résolution nº 1150 (XCIII)", 1150),
        ("Resolución n.º 1150", 1150),
        ("resolucion 1150", 1150),
    ],
)
def test_a_resolution_by_its_number(text, number):
    assert resolution_number_of(text) == number


@pytest.mark.parametrize("text", ["", "0", "budget 2009", "MC/2216", "1150 1151", "resolution"])
def test_what_names_no_resolution_is_none(text):
    assert resolution_number_of(text) is None


plain_series = st.sampled_from([s for s in SERIES if s not in ("A", "A/RES")])
suffix = st.tuples(st.sampled_from(["Corr", "Rev", "Add"]), st.integers(1, 9))


@st.composite
def symbols(draw) -> str:
    series = draw(plain_series)
    number = draw(st.integers(1, 9999))
    parts: list[tuple[str, int]] = []
    for kind, n in draw(st.lists(suffix, max_size=3)):
        if parts and parts[-1][0] == kind:
            continue
        parts.append((kind, n))
    return "/".join([series, str(number), *(f"{k}.{n}" for k, n in parts)])


@given(symbols())
def test_a_canonical_symbol_normalises_to_itself(symbol):
    assert symbol_normalise(symbol) == parse_symbol(symbol).canonical == symbol


@given(symbols())
def test_typed_lower_case_with_spaces_gives_the_same_symbol(symbol):
    typed = symbol.lower().replace("/", " ").replace(".", " ")
    assert symbol_normalise(typed) == symbol
