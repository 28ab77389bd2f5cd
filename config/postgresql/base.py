"""Django's PostgreSQL backend, reading timestamps with psycopg's C parser, and trusting a
connection that has just served a request.

Django loads `timestamptz` through a subclass of psycopg's pure-Python loader (to set the time
zone it expects), so psycopg's compiled loader is never used: parsing a timestamp in Python was
half the cost of fetching the API's session list (100 timestamps in 50 rows, ~0.6 ms of ~1.2 ms;
Django ticket #36960). This backend parses with the compiled loader where there is one and sets
the time zone exactly as Django's loader does.

With CONN_HEALTH_CHECKS, Django asks the database `SELECT 1` before each request's first query:
a round trip a request. Here a connection is checked only when it has been idle for
HEALTH_CHECK_IDLE_SECONDS (when a restarted or lost server is likely); a busy worker skips the
check. A connection that fails in use is still closed at the end of that request (Django's
own `errors_occurred` check), so the next request reconnects.
"""

from __future__ import annotations

import functools
import time

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import adapters
from psycopg.pq import Format

HEALTH_CHECK_IDLE_SECONDS = 1.0
TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid
# The global map holds psycopg's compiled loader when psycopg[binary] or [c] is installed.
_PARSER = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


@functools.cache
def tz_loader(zone) -> type[BaseTzLoader]:
    """A loader with Django's behaviour (the value's zone replaced by `zone`), parsed in C."""

    class FastTzLoader(BaseTzLoader):
        timezone = zone

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._parse = _PARSER(oid, context).load

        def load(self, data):
            return self._parse(data).replace(tzinfo=self.timezone)

    return FastTzLoader


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = float("-inf")  # when this connection last gave a cursor

    def create_cursor(self, name=None):
        self._used_at = time.monotonic()
        return super().create_cursor(name)

    def close_if_health_check_failed(self):
        if time.monotonic() - self._used_at < HEALTH_CHECK_IDLE_SECONDS:
            self.health_check_done = True  # in use a moment ago: no round trip to ask
        super().close_if_health_check_failed()

    def close(self):
        super().close()
        self._used_at = float("-inf")

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django compares the loader's `timezone` with its own on every cursor and registers
        # its Python loader again when they differ; equal, this one stays.
        connection.adapters.register_loader("timestamptz", tz_loader(self.timezone))
        return connection
