"""The PostgreSQL backend reads timestamps with psycopg's C parser and gives Django's values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from hypothesis import given, settings
from hypothesis import strategies as st

from config.postgresql.base import TIMESTAMPTZ_OID

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]

moments = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [
            dt.UTC,
            dt.timezone(dt.timedelta(hours=5, minutes=30)),
            dt.timezone(-dt.timedelta(hours=9)),
        ]
    ),
)


def _loader(cursor):
    from psycopg.pq import Format

    return cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


def test_cursors_keep_the_fast_loader_and_it_parses_in_c():
    with connection.cursor() as cursor:
        loader = _loader(cursor.cursor)
        assert loader.__name__ == "FastTzLoader"
        assert loader.timezone == connection.timezone
        parser = loader(TIMESTAMPTZ_OID, cursor.cursor)._parse
        from psycopg import pq

        if pq.__impl__ in ("binary", "c"):
            assert type(parser.__self__).__module__.startswith("psycopg_")


@settings(max_examples=60, deadline=None)
@given(moments)
def test_timestamps_read_as_djangos_own_loader_reads_them(moment):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [moment])
        (fast,) = cursor.fetchone()
        register_tzloader(connection.timezone, cursor.cursor)  # Django's pure-Python loader
        cursor.execute("SELECT %s::timestamptz", [moment])
        (django,) = cursor.fetchone()
    assert _loader(cursor.cursor).__name__ == "SpecificTzLoader"
    assert fast == django == moment
    assert fast.tzinfo is django.tzinfo is connection.timezone
