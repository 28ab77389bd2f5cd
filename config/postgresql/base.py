"""Django's PostgreSQL backend, reading timestamps with psycopg's C parser.

Django loads `timestamptz` through a subclass of psycopg's pure-Python loader (to set the time
zone it expects), so psycopg's compiled loader is never used: parsing a timestamp in Python was
half the cost of fetching the API's session list (100 timestamps in 50 rows, ~0.6 ms of ~1.2 ms;
Django ticket #36960). This backend parses with the compiled loader where there is one and sets
the time zone exactly as Django's loader does.
"""

from __future__ import annotations

import functools

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import adapters
from psycopg.pq import Format

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
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django compares the loader's `timezone` with its own on every cursor and registers
        # its Python loader again when they differ; equal, this one stays.
        connection.adapters.register_loader("timestamptz", tz_loader(self.timezone))
        return connection
