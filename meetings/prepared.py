"""Querysets compiled to SQL once per process, then run with fresh arguments.

Django compiles a queryset's SQL on every evaluation. On the pages read most (home page, session
page, API list) that compiling cost more than the database itself: ~0.6 ms a query against
~0.15 ms to run it. A `Prepared` query is an ordinary queryset (filters, select_related, only,
annotations) built by a function of its arguments; it is compiled once with sample arguments and
each call substitutes the real ones into the compiled parameters, then turns rows into model
instances the way Django's own ModelIterable does (converters, select_related, annotations).

Arguments are ints, strings or dates, each used as a plain lookup value (not in expressions that
change the SQL's shape): compiling twice with different samples proves it, else `Prepared`
refuses. Results are the same objects the queryset would give; tests/meetings/test_prepared.py
checks that against the queryset itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

Argument = int | str | dt.date

# Two sets of samples, unlikely to occur in a query by themselves, so their places are found.
_SAMPLES: dict[type, tuple[Any, Any]] = {
    int: (-7_919_357, -6_700_417),
    str: ("\x00prepared-sample-a", "\x00prepared-sample-b"),
    dt.date: (dt.date(1901, 2, 3), dt.date(1902, 4, 5)),
}


class PreparedError(ValueError):
    """The queryset's SQL depends on its arguments' values, so it cannot be compiled once."""


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    slots: list[tuple[int, int]]  # (parameter index, argument index)
    compiler: SQLCompiler
    converters: dict
    using: str

    def __post_init__(self) -> None:
        # What ModelIterable works out on every run, worked out once.
        select, klass_info = self.compiler.select, self.compiler.klass_info
        self.model = klass_info["model"]
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.using)
        self.annotations = list(self.compiler.annotation_col_map.items())


class Prepared:
    """`build(*arguments)` returns the queryset; calling the Prepared returns its results.

    With `paged=True` the SQL ends in LIMIT/OFFSET parameters, given by `call(..., limit=, offset=)`.
    """

    def __init__(self, build: Callable[..., QuerySet], *types: type, paged: bool = False) -> None:
        self.build, self.types, self.paged = build, types, paged
        self._compiled: dict[str, _Compiled] = {}

    def __call__(
        self,
        *arguments: Argument,
        limit: int | None = None,
        offset: int = 0,
        using: str = "default",
    ) -> list[Model]:
        compiled, params = self._bind(arguments, using)
        sql = compiled.sql
        if self.paged:
            if limit is None:
                raise TypeError("A paged Prepared query needs a limit.")
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return _instances(compiled, rows)

    def count(self, *arguments: Argument, using: str = "default") -> int:
        """How many rows the query gives (without its LIMIT/OFFSET when paged)."""
        compiled, params = self._bind(arguments, using)
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({compiled.sql}) counted", params)
            return cursor.fetchone()[0]

    def _bind(self, arguments: tuple[Argument, ...], using: str) -> tuple[_Compiled, list[Any]]:
        if len(arguments) != len(self.types):
            raise TypeError(f"{self.build.__qualname__} takes {len(self.types)} arguments.")
        compiled = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        params = list(compiled.params)
        for slot, index in compiled.slots:
            params[slot] = _adapt(connection, arguments[index])
        return compiled, params

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        first, second = (self._sql([_SAMPLES[t][n] for t in self.types], using) for n in (0, 1))
        (sql, params, compiler), (sql_b, params_b, _) = first, second
        if sql != sql_b or len(params) != len(params_b):
            raise PreparedError(f"{self.build.__qualname__}: the SQL changes with the arguments.")
        slots = []
        for index, kind in enumerate(self.types):
            places = [
                n
                for n, (a, b) in enumerate(zip(params, params_b, strict=True))
                if a == _adapt(connection, _SAMPLES[kind][0])
                and b == _adapt(connection, _SAMPLES[kind][1])
            ]
            if not places:
                raise PreparedError(f"{self.build.__qualname__}: argument {index} is not used.")
            slots += [(place, index) for place in places]
        if len(slots) != sum(a != b for a, b in zip(params, params_b, strict=True)):
            raise PreparedError(f"{self.build.__qualname__}: a parameter varies unexplained.")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise PreparedError("Composite primary keys are not supported.")
        converters = compiler.get_converters(fields)
        compiled = _Compiled(sql, list(params), slots, compiler, converters, using)
        self._compiled[using] = compiled
        return compiled

    def _sql(self, samples: list[Any], using: str) -> tuple[str, tuple, SQLCompiler]:
        queryset = self.build(*samples)
        if queryset.query.is_sliced and self.paged:
            raise PreparedError("A paged Prepared query is sliced by its calls, not its build.")
        if queryset._prefetch_related_lookups:
            raise PreparedError("prefetch_related is another query: prepare it on its own.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler


class PreparedRows:
    """A Prepared query with its arguments, read as DRF's pagination reads a queryset."""

    def __init__(self, prepared: Prepared, *arguments: Argument) -> None:
        self.prepared, self.arguments = prepared, arguments

    def count(self) -> int:
        return self.prepared.count(*self.arguments)

    def __getitem__(self, window: slice) -> list[Model]:
        return self.prepared(*self.arguments, limit=window.stop - window.start, offset=window.start)


def _adapt(connection, value: Argument) -> Any:
    # What the ORM hands the driver for a lookup value (SQLite takes dates as text).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


def _instances(compiled: _Compiled, rows: list[tuple]) -> list[Model]:
    """As django.db.models.query.ModelIterable, from rows already fetched."""
    compiler = compiled.compiler
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    if compiled.converters and rows:
        rows = compiler.apply_converters(rows, compiled.converters)
    model, names, start, end = compiled.model, compiled.names, compiled.start, compiled.end
    objects = []
    for row in rows:
        obj = model.from_db(compiled.using, names, row[start:end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in compiled.annotations:
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects
