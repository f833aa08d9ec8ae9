"""Hot queries the ORM writes once per process.

Django compiles a queryset to SQL on every evaluation, and for a product looked up by id with its
``has_skus`` annotation that costs 1.3 ms of a 1.5 ms lookup (PostgreSQL answers in 0.2 ms). A
``Prepared`` query is written by the ORM once per database and shape, with markers where its
arguments go, then run as that SQL with the arguments in their place; its rows become model instances
as a queryset's do (field converters, annotations, ``select_related`` objects). The queryset stays the
one place its rule is written.

Arguments are single numbers or texts, used as they are in the queryset (as often as it likes). ``None``
makes a different statement (``IS NULL``), so each pattern of ``None`` arguments is compiled on its own, as
each slice (``window``) is: the ORM writes LIMIT and OFFSET as numbers. ``PreparedUpdate`` is the same for
``queryset.update``, and ``updates`` sends several of them in one round trip.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models.query import ValuesIterable, get_related_populators
from django.db.models.sql import UpdateQuery

# Where an argument goes in the compiled parameters: values in every integer column's range, because Django
# writes a lookup outside a column's range as "nothing matches" (SmallIntegerField: up to 32,767).
MARKER = 32_767


def _marker(index, arg):
    """What stands for argument ``index`` while the ORM writes the statement: of the argument's type."""
    if arg is None:
        return None
    if isinstance(arg, bool) or not isinstance(arg, int | str):
        raise TypeError(f"a prepared query takes ids and text, not {type(arg).__name__}")
    return MARKER - index if isinstance(arg, int) else f"\x1fprepared argument {index}\x1f"


def _slots(build, params, markers):
    """The compiled parameters, and where each argument goes in them."""
    params = list(params)
    slots = [() if marker is None else tuple(n for n, param in enumerate(params) if param == marker)
             for marker in markers]  # fmt: skip
    if any(marker is not None and not slot for marker, slot in zip(markers, slots, strict=True)):
        raise ValueError(f"{build}: each argument must be a parameter of the query as it is")
    return params, slots


def _filled(compiled, args):
    params = list(compiled.params)
    for slot, arg in zip(compiled.slots, args, strict=True):
        for place in slot:
            params[place] = arg
    return params


NOTHING = object()  # a shape that selects nothing whatever the arguments
MOST_SHAPES = 1_000  # windows are as many as pages asked for: past this many statements, start again


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list  # with markers where the arguments go
    slots: list  # each argument's places in ``params`` (none: a None argument, written into the SQL)
    converters: dict
    populators: list  # the ``select_related`` objects' builders
    names: list  # the model's attribute names of the selected columns, or a ``values()`` row's keys
    columns: slice  # the model's columns in a row (None: a ``values()`` query, whose rows are dicts)
    model: type
    annotations: dict  # name -> position in a row


def _converted(row, converters, connection):
    """``row`` with the fields' converters applied (``{position: (converters, expression)}``), as
    ``SQLCompiler.apply_converters`` does for its own connection."""
    row = list(row)
    for position, (functions, expression) in converters.items():
        for function in functions:
            row[position] = function(row[position], expression, connection)
    return row


class Prepared:
    """``Prepared(lambda pk: purchasable_goods().filter(pk=pk))``; ``query(pk)`` is the list of its
    instances, as ``list(purchasable_goods().filter(pk=pk))`` would be (of a ``values()`` queryset, its
    dicts)."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *args, using="default", window=None):
        """The rows for ``args``; with ``window`` (``(offset, size)``), that slice of them."""
        shape = (using, window, *(arg is None for arg in args))
        compiled = self._compiled.get(shape) or self._compile(shape, args)
        if compiled is NOTHING:
            return []
        connection = connections[using]  # this thread's (the converters are given it)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, _filled(compiled, args))
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        if compiled.columns is None:
            return [dict(zip(compiled.names, row, strict=True)) for row in rows]
        instances = []
        for row in rows:
            instance = compiled.model.from_db(using, compiled.names, row[compiled.columns])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def _compile(self, shape, args):
        using, window = shape[:2]
        if len(self._compiled) >= MOST_SHAPES:
            self._compiled = {}
        markers = [_marker(index, arg) for index, arg in enumerate(args)]
        queryset = self.build(*markers)
        if window is not None:
            queryset = queryset[window[0] : window[0] + window[1]]
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. ``pk__in`` of no ids: no statement at all
            if any(marker is not None for marker in markers):
                raise ValueError(f"{self.build}: matches nothing whatever its arguments") from None
            self._compiled[shape] = NOTHING
            return NOTHING
        params, slots = _slots(self.build, params, markers)
        expressions = [column[0] for column in compiler.select[: compiler.col_count]]
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            names, columns, populators = [*query.extra_select, *query.values_select, *query.annotation_select], None, []
        else:
            selected = compiler.klass_info["select_fields"]
            columns = slice(selected[0], selected[-1] + 1)
            names = [column[0].target.attname for column in compiler.select[columns]]
            populators = get_related_populators(compiler.klass_info, compiler.select, using)
        self._compiled[shape] = compiled = _Compiled(sql, params, slots, compiler.get_converters(expressions),
                                                     populators, names, columns, queryset.model,
                                                     dict(compiler.annotation_col_map))  # fmt: skip
        return compiled


class PreparedUpdate(Prepared):
    """``PreparedUpdate(lambda pk, n: (GoodsSku.objects.filter(pk=pk, stock__gte=n), {"stock": F("stock") - n}))``;
    ``update(pk, n)`` runs ``queryset.update(**changes)`` as the ORM writes it, written once per shape, and
    answers how many rows it changed (``updates`` runs several in one round trip). For updates of one
    table's own columns."""

    def __call__(self, *args, using="default"):
        return updates([(self, args)], using=using)[0]

    def statement(self, args, using):
        """The SQL and parameters of the update for ``args``."""
        shape = (using, *(arg is None for arg in args))
        compiled = self._compiled.get(shape) or self._compile(shape, args)
        return compiled.sql, _filled(compiled, args)

    def _compile(self, shape, args):
        markers = [_marker(index, arg) for index, arg in enumerate(args)]
        queryset, changes = self.build(*markers)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(changes)
        query.annotations = {}  # as QuerySet.update
        sql, params = query.get_compiler(using=shape[0]).as_sql()
        if query.related_updates or query.count_active_tables() > 1:  # else Django would select the ids first
            raise ValueError(f"{self.build}: only updates of one table's own columns are prepared")
        params, slots = _slots(self.build, params, markers)
        self._compiled[shape] = compiled = _CompiledUpdate(sql, params, slots)
        return compiled


@dataclass(frozen=True)
class _CompiledUpdate:
    sql: str
    params: list  # as _Compiled's
    slots: list


def updates(calls, using="default"):
    """How many rows each of ``calls`` (``(prepared_update, args)`` pairs) changed, run in their order, in one
    round trip where the database takes several statements as one query: PostgreSQL through psycopg's
    client-side binding (Django's default there). SQLite takes them one at a time."""
    statements = [update.statement(args, using) for update, args in calls]
    with transaction.mark_for_rollback_on_error(using), connections[using].cursor() as cursor:
        if len(statements) == 1 or not _several_at_once(cursor):
            counts = []
            for sql, params in statements:
                cursor.execute(sql, params)
                counts.append(cursor.rowcount)
            return counts
        cursor.execute("; ".join(sql for sql, _ in statements), [param for _, params in statements for param in params])
        counts = [cursor.rowcount]
        while cursor.nextset():
            counts.append(cursor.rowcount)
        return counts


def _several_at_once(cursor):
    if cursor.db.vendor != "postgresql":
        return False
    import psycopg  # installed with the PostgreSQL backend

    return isinstance(cursor.cursor, psycopg.ClientCursor)
