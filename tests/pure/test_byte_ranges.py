"""The single byte range of a Range header (RFC 9110, 14.1.2), for a file of 100 bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.domain.byte_ranges import UNSATISFIABLE, byte_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-9", (0, 9)),
        ("bytes=90-", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=50-500", (50, 99)),
        ("Bytes = 1 - 2", (1, 2)),
        ("bytes=99-99", (99, 99)),
        ("bytes=100-", UNSATISFIABLE),
        ("bytes=100-200", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=9-3", None),
        ("bytes=0-1,5-6", None),
        ("bytes=-", None),
        ("items=0-1", None),
        ("", None),
    ],
)
def test_a_range_header_names_one_range_or_none(header, expected):
    assert byte_range(header, 100) == expected


@given(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(1, 10**9))
def test_a_satisfiable_range_is_inside_the_file(first, last, size):
    found = byte_range(f"bytes={first}-{last}", size)
    if found not in (None, UNSATISFIABLE):
        start, end = found
        assert 0 <= start <= end < size
