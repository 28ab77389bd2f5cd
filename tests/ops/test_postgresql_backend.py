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


def _terminate(pid: int) -> None:
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_connection_used_a_moment_ago_is_trusted_and_an_idle_one_is_checked():
    import time

    from django.db import InterfaceError, OperationalError

    from config.postgresql.base import HEALTH_CHECK_IDLE_SECONDS

    assert connection.health_check_enabled
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    _terminate(connection.connection.info.backend_pid)
    # A request starts a moment later: no round trip to check, so its query meets the loss...
    connection.health_check_done = False
    with pytest.raises((OperationalError, InterfaceError)), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # ...and the request's end closes the connection, so the next request connects afresh.
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    lost = connection.connection.info.backend_pid
    _terminate(lost)
    time.sleep(HEALTH_CHECK_IDLE_SECONDS + 0.1)
    # Idle for a while: checked first, found lost, reconnected; the query works.
    connection.health_check_done = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.connection.info.backend_pid != lost
