"""Querysets compiled to SQL once per process, then run with fresh arguments.

Django compiles a queryset's SQL on every evaluation. On the pages read most (home page, session
page, API list) that compiling cost more than the database itself: ~0.6 ms a query against
~0.15 ms to run it. A `Prepared` query is an ordinary queryset (filters, select_related, only,
annotations) built by a function of its arguments; it is compiled once with sample arguments and
each call substitutes the real ones into the compiled parameters, then turns rows into model
instances the way Django's own ModelIterable does (converters, select_related, annotations), or,
for a values_list() queryset, gives the rows as tuples.
Where nothing can observe the difference (no init signals, no custom __init__ or from_db, no field
attribute with a setter), an instance is made by filling its __dict__, as Model.__init__ would set
each attribute: ~4x faster than Model.__init__, which was the largest cost of the API's list.

Arguments are ints, strings or dates, each used as a plain lookup value (not in expressions that
change the SQL's shape): compiling twice with different samples proves it, else `Prepared`
refuses. Results are the same objects the queryset would give; tests/meetings/test_prepared.py
checks that against the queryset itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

Argument = int | str | dt.date
Results = list[Model] | list[tuple]  # instances, or a values_list()'s rows


def _sample(kind: type, index: int, n: int) -> Argument:
    """Sample value `n` (0 or 1) for argument `index`: unlikely in a query by itself, and
    different for each argument, so each argument's places in the SQL can be told apart."""
    if kind is int:
        return (-7_919_357, -6_700_417)[n] - 1_000 * index
    if kind is str:
        return f"\x00prepared-sample-{index}-{'ab'[n]}"
    if kind is dt.date:
        return dt.date((1901, 1951)[n] + index, 2 + n, 3)
    raise TypeError(f"Prepared arguments are int, str or date, not {kind.__name__}.")


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
    tuples: bool  # a values_list() query: its rows are the results

    def __post_init__(self) -> None:
        if self.tuples:
            return
        # What ModelIterable works out on every run, worked out once.
        select, klass_info = self.compiler.select, self.compiler.klass_info
        self.model = klass_info["model"]
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.using)
        self.annotations = list(self.compiler.annotation_col_map.items())
        self.fast = _FastRows.plan(klass_info, select, self.using)


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
    ) -> Results:
        return together(self.rows(*arguments, limit=limit, offset=offset, using=using))[0]

    def count(self, *arguments: Argument, using: str = "default") -> int:
        """How many rows the query gives (without its LIMIT/OFFSET when paged)."""
        return together(self.counted(*arguments, using=using))[0]

    def rows(
        self,
        *arguments: Argument,
        limit: int | None = None,
        offset: int = 0,
        using: str = "default",
    ) -> Statement:
        """The query with these arguments, to run with others in one round trip (`together`)."""
        compiled, params = self._bind(arguments, using)
        sql = compiled.sql
        if self.paged:
            if limit is None:
                raise TypeError("A paged Prepared query needs a limit.")
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return Statement(sql, params, using, functools.partial(_results, compiled))

    def counted(self, *arguments: Argument, using: str = "default") -> Statement:
        """The count of the query's rows with these arguments, as a statement."""
        compiled, params = self._bind(arguments, using)
        sql = f"SELECT COUNT(*) FROM ({compiled.sql}) counted"
        return Statement(sql, params, using, lambda rows: rows[0][0])

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
        first, second = (
            self._sql([_sample(t, i, n) for i, t in enumerate(self.types)], using) for n in (0, 1)
        )
        (sql, params, compiler, iterable), (sql_b, params_b, _, _) = first, second
        if sql != sql_b or len(params) != len(params_b):
            raise PreparedError(f"{self.build.__qualname__}: the SQL changes with the arguments.")
        slots = []
        for index, kind in enumerate(self.types):
            places = [
                n
                for n, (a, b) in enumerate(zip(params, params_b, strict=True))
                if a == _adapt(connection, _sample(kind, index, 0))
                and b == _adapt(connection, _sample(kind, index, 1))
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
        tuples = iterable is ValuesListIterable
        compiled = _Compiled(sql, list(params), slots, compiler, converters, using, tuples)
        self._compiled[using] = compiled
        return compiled

    def _sql(self, samples: list[Any], using: str) -> tuple[str, tuple, SQLCompiler, type]:
        queryset = self.build(*samples)
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise PreparedError("Prepared gives instances, or tuples from values_list().")
        if queryset.query.is_sliced and self.paged:
            raise PreparedError("A paged Prepared query is sliced by its calls, not its build.")
        if queryset._prefetch_related_lookups:
            raise PreparedError("prefetch_related is another query: prepare it on its own.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler, queryset._iterable_class


@dataclass
class Statement:
    """SQL with its parameters, and how its rows become the result."""

    sql: str
    params: list[Any]
    using: str
    read: Callable[[list[tuple]], Any]


def together(*statements: Statement) -> list[Any]:
    """Each statement's result, all sent to PostgreSQL in one round trip (pipeline mode).

    A page's queries that do not depend on each other's results then cost one wait for the
    database instead of one each. On other databases they run one after another.
    """
    if not statements:
        return []
    using = statements[0].using
    if any(statement.using != using for statement in statements):
        raise ValueError("Statements run together go to one database.")
    connection = connections[using]
    with connection.cursor() as first:  # connects, or checks the connection's health
        if connection.vendor != "postgresql" or len(statements) == 1:
            results = []
            for statement in statements:
                first.execute(statement.sql, statement.params)
                results.append(statement.read(first.fetchall()))
            return results
        cursors = [connection.cursor() for _ in statements]
        try:
            with connection.wrap_database_errors, connection.connection.pipeline():
                for statement, cursor in zip(statements, cursors, strict=True):
                    cursor.execute(statement.sql, statement.params)
            with connection.wrap_database_errors:
                return [
                    statement.read(cursor.fetchall())
                    for statement, cursor in zip(statements, cursors, strict=True)
                ]
        finally:
            for cursor in cursors:
                cursor.close()


class PreparedRows:
    """A Prepared query with its arguments, read as DRF's pagination reads a queryset."""

    def __init__(self, prepared: Prepared, *arguments: Argument) -> None:
        self.prepared, self.arguments = prepared, arguments

    def count(self) -> int:
        return self.prepared.count(*self.arguments)

    def __getitem__(self, window: slice) -> Results:
        return self.prepared(*self.arguments, limit=window.stop - window.start, offset=window.start)

    def page(self, offset: int, limit: int) -> tuple[int, Results]:
        """The count of all rows and one page of them, in one round trip."""
        count, rows = together(
            self.prepared.counted(*self.arguments),
            self.prepared.rows(*self.arguments, limit=limit, offset=offset),
        )
        return count, rows


def _adapt(connection, value: Argument) -> Any:
    # What the ORM hands the driver for a lookup value (SQLite takes dates as text).
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    return value


def _results(compiled: _Compiled, rows: list[tuple]) -> Results:
    """As django.db.models.query.ModelIterable (or, for values_list(), ValuesListIterable without
    flat or named), from rows already fetched."""
    compiler = compiled.compiler
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    if compiled.converters and rows:
        rows = compiler.apply_converters(rows, compiled.converters)
    if compiled.tuples:
        return [tuple(row) for row in rows] if compiled.converters else rows
    if compiled.fast is not None and compiled.fast.still_valid():
        return compiled.fast.instances(rows, compiled.annotations)
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


class _FastRows:
    """Instances made as Model.from_db makes them, without its per-field loop.

    Model.__init__ sets each fetched attribute with setattr and sends pre_init/post_init; for a
    model whose field attributes have no setters (ForeignKey ids aside: their setter only clears
    a cached related object, which a new instance has not got), whose __init__ and from_db are
    Django's own, and with no receiver for those signals, filling __dict__ is the same.
    A model's from_db may add one step, `note_loaded()`, marked with `from_db.then_note_loaded`.
    """

    def __init__(self, model: type[Model], names: list[str], start: int, end: int, using: str):
        self.model, self.names, self.start, self.end, self.using = model, names, start, end, using
        self.note_loaded = getattr(model.from_db, "then_note_loaded", False)
        self.pk_index = (
            names.index(model._meta.pk.attname) if model._meta.pk.attname in names else None
        )
        self.related: list[tuple[_FastRows, Callable, Callable]] = []

    @classmethod
    def plan(cls, klass_info: dict, select: list, using: str) -> _FastRows | None:
        model, fields = klass_info["model"], klass_info["select_fields"]
        if klass_info.get("from_parent") or not _plain(model):
            return None
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        plan = cls(model, names, start, end, using)
        for info in klass_info.get("related_klass_infos", ()):
            related = cls.plan(info, select, using)
            if related is None or related.pk_index is None:
                return None
            plan.related.append((related, info["local_setter"], info["remote_setter"]))
        return plan

    def still_valid(self) -> bool:
        # Receivers can be connected after the plan was made (tests, other apps' ready()).
        return not any(
            signal.has_listeners(plan.model)
            for plan in self.plans()
            for signal in (signals.pre_init, signals.post_init)
        )

    def plans(self):
        yield self
        for related, _, _ in self.related:
            yield from related.plans()

    def make(self, row: tuple) -> Model:
        obj = self.model.__new__(self.model)
        state = ModelState()
        state.adding, state.db = False, self.using
        values = obj.__dict__
        values["_state"] = state
        values.update(zip(self.names, row[self.start : self.end], strict=True))
        if self.note_loaded:
            obj.note_loaded()
        for related, local_setter, remote_setter in self.related:
            if row[related.start + related.pk_index] is None:
                local_setter(obj, None)
                continue
            other = related.make(row)
            local_setter(obj, other)
            remote_setter(other, obj)
        return obj

    def instances(self, rows: list[tuple], annotations: list[tuple[str, int]]) -> list[Model]:
        make, objects = self.make, []
        for row in rows:
            obj = make(row)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _plain(model: type[Model]) -> bool:
    """Whether Model.from_db for this model is only attribute setting (see _FastRows)."""
    from_db = model.from_db.__func__
    if model.__init__ is not Model.__init__:
        return False
    if from_db is not Model.from_db.__func__ and not getattr(from_db, "then_note_loaded", False):
        return False
    for field in model._meta.concrete_fields:
        attribute = inspect.getattr_static(model, field.attname, None)
        if hasattr(type(attribute), "__set__") and not isinstance(
            attribute, ForeignKeyDeferredAttribute
        ):
            return False
    return True
