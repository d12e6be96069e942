# ruff: noqa: S608 - the SQL is the ORM's own; values go as parameters
"""Querysets whose SQL is composed once per process and then run with new values (F13, F15).

Composing a queryset's SQL (resolving lookups, annotations, joins) costs the ORM more than
PostgreSQL needs to answer a primary-key lookup or to read a summary table of a few rows: for
the API detail 1.3 ms of Python against 0.3 ms in the database. A read that runs the same query
shape on every request can compose it once, with marker values in place of the ones that
change, and run the cached SQL with the real values (`raw_rows`: model instances built with
each field's converters, as `Model.objects.raw` builds them; annotations come as attributes).

    AGREEMENT = BakedQuery(lambda pk: Agreement.objects.filter(pk=pk))
    AGREEMENT.rows("all", (42,))     # key: one SQL per variant of the queryset (visibility...)
    TITLED = BakedQuery(lambda kind, text: Agreement.objects.filter(kind=kind,
                        title__icontains=text), markers=(str, str))

`markers`: how many integer values change (0 for a query without varying values), or their
types, `int` or `str`. `build(*markers, *build_args)` gets one marker per value and must pass
each as a lookup's value; `key` names everything else that changes the queryset (the SQL of
each key is kept). The SQL is composed twice, with two different sets of markers: the
parameters that differ are where the values go, and each must be filled the same way from both
sets, so a marker can never be confused with a constant of the query. A value may fill several
parameters, as itself, as a LIKE pattern (`contains`, `startswith`... escaped as Django does)
or, for an integer, as the year of a date (`__year` lookups); anything else is refused when the
query is first composed. Only for querysets of model rows (no values()/values_list()).

`rows_together` runs several such reads in one round trip on PostgreSQL (each read's rows come
back as one JSON array): an endpoint made of a few small reads (Tabel 2.1) pays one round trip
instead of one per read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, QuerySet
from django.db.models.sql import Query

#: The two sets of marker values each query is composed with. Integers: valid as years (a
#: `__year` lookup turns its value into dates) and inside every integer column's range, smallint
#: too. Strings: private-use characters, nothing a LIKE pattern escapes.
INT_MARKERS = (tuple(7_001 + i for i in range(16)), tuple(7_101 + i for i in range(16)))
STR_MARKERS = (
    tuple(f"\ue000{i}\ue001" for i in range(16)),
    tuple(f"\ue002{i}\ue003" for i in range(16)),
)
#: Like the ORM, an integer no BIGINT column can hold matches nothing (instead of a DB error).
BIGINT = range(-(2**63), 2**63)


#: The integer range of each parameter type the ORM gives psycopg (a plain int: BIGINT).
INT_RANGES = {"Int2": range(-(2**15), 2**15), "Int4": range(-(2**31), 2**31)}


def _how(param, marker) -> tuple | None:
    """How `param` derives from `marker`: ("value", type), ("like", prefix, suffix), or the year
    of a date ("year", date) or of a date sent as text ("year_text", the rest of the text)."""
    if isinstance(param, type(marker)) and param == marker:
        return ("value", type(param))  # the ORM may wrap an int (psycopg's Int4): kept
    if isinstance(marker, str) and isinstance(param, str) and marker in param:
        prefix, _, suffix = param.partition(marker)
        return ("like", prefix, suffix)
    if isinstance(marker, int) and isinstance(param, dt.date) and param.year == marker:
        return ("year", param)
    if isinstance(marker, int) and isinstance(param, str) and param.startswith(f"{marker}-"):
        return ("year_text", param[len(str(marker)) :])  # a date as SQLite is sent it
    return None


def _fits(how: tuple, value) -> bool:
    """Whether `value` goes where the marker went as it is (else the ORM composes the query)."""
    if how[0] == "value" and isinstance(value, int):
        return value in INT_RANGES.get(how[1].__name__, BIGINT)
    return True


def _fill(how: tuple, value):
    if how[0] == "value":
        return value if type(value) is how[1] else how[1](value)
    if how[0] == "like":
        return how[1] + connection.ops.prep_for_like_query(value) + how[2]
    if not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise EmptyResultSet  # no date has that year: no row can match
    if how[0] == "year_text":
        return f"{value:04d}{how[1]}"
    return how[1].replace(year=value)


class BakedQuery:
    def __init__(self, build: Callable[..., QuerySet], markers: int | tuple[type, ...] = 1) -> None:
        self.build = build
        self.types = (int,) * markers if isinstance(markers, int) else tuple(markers)
        if any(kind not in (int, str) for kind in self.types):
            raise ValueError("Markers are int or str.")
        self.markers = tuple(self._markers(n) for n in (0, 1))
        self._sql: dict[Any, tuple[type[Model], str, tuple, list[tuple[int, int, tuple]]]] = {}

    def _markers(self, n: int) -> tuple:
        ints, strs = iter(INT_MARKERS[n]), iter(STR_MARKERS[n])
        return tuple(next(ints) if kind is int else next(strs) for kind in self.types)

    def _baked(self, key, build_args: tuple):
        if key not in self._sql:
            first, second = (self.build(*m, *build_args) for m in self.markers)
            sql, params = first.query.sql_with_params()
            other_sql, other = second.query.sql_with_params()
            if sql != other_sql or len(params) != len(other):
                raise ValueError("A marker changed the SQL itself: pass it as a lookup's value.")
            slots, used = [], set()
            for position, (a, b) in enumerate(zip(params, other, strict=True)):
                if a == b and type(a) is type(b):
                    continue
                slot = self._slot(position, a, b)
                slots.append(slot)
                used.add(slot[1])
            if used != set(range(len(self.types))):
                raise ValueError("Each marker must appear among the parameters.")
            self._sql[key] = (first.model, sql, tuple(params), slots)
        return self._sql[key]

    def _slot(self, position: int, a, b) -> tuple[int, int, tuple]:
        for index, (marker, other_marker) in enumerate(zip(*self.markers, strict=True)):
            how = _how(a, marker)
            if how is not None:
                other_how = _how(b, other_marker)
                if other_how is not None and _fill(how, other_marker) == b:
                    return position, index, how
        raise ValueError(f"Parameter {position} depends on a marker in a way it cannot be filled.")

    def statement(self, key, values: tuple = (), build_args: tuple = ()) -> tuple[str, list]:
        """The SQL and parameters for `values` (one per marker); `build_args` are passed to
        `build` after the markers the first time `key` is seen, and must be what `key` means.
        A value that does not fit where its marker went (an integer beyond its column's range, a
        year no date has) is left to the ORM: the query is composed with the real values, and
        EmptyResultSet tells that no row can match, as the ORM decides."""
        _model, sql, params, slots = self._baked(key, build_args)
        if len(values) != len(self.types):
            raise ValueError(f"{len(self.types)} values expected (zip), got {len(values)}.")
        if not all(_fits(how, values[index]) for _position, index, how in slots):
            sql, filled = self.build(*values, *build_args).query.sql_with_params()
            return sql, list(filled)
        filled = list(params)
        for position, index, how in slots:
            filled[position] = _fill(how, values[index])
        return sql, filled

    def rows(
        self,
        key,
        values: tuple = (),
        build_args: tuple = (),
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Model]:
        """The queryset's rows for `values` (model instances, as the queryset gives them);
        `limit` and `offset` page an unsliced queryset (as parameters: one SQL for all pages)."""
        try:
            sql, filled = self.statement(key, values, build_args)
        except EmptyResultSet:
            return []
        if limit is not None:
            sql, filled = f"{sql} LIMIT %s OFFSET %s", [*filled, limit, offset]
        return raw_rows(self._sql[key][0], sql, filled)

    def count(self, key, values: tuple = (), build_args: tuple = ()) -> int:
        """The number of the queryset's rows for `values` (`queryset.count()`)."""
        try:
            sql, filled = self.statement(key, values, build_args)
        except EmptyResultSet:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) counted", filled)
            return cursor.fetchone()[0]

    def model(self, key, build_args: tuple = ()) -> type[Model]:
        return self._baked(key, build_args)[0]


#: How the rows of one SQL become model instances: per (model, SQL), for SQL composed once.
_PLANS: dict[tuple[type[Model], str], tuple] = {}


def _plan(model: type[Model], columns: list[str]) -> tuple:
    """Which columns are fields (in the model's field order), which are annotations, and each
    column's expression for its converters, as `Model.objects.raw` works them out each call."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    if model._meta.pk.column not in columns:
        raise ValueError("The SQL must select the primary key.")
    order = {f.column: i for i, f in enumerate(model._meta.concrete_fields)}
    fields = sorted(
        ((p, by_column[name]) for p, name in enumerate(columns) if name in by_column),
        key=lambda item: order[item[1].column],
    )
    annotations = [(p, name) for p, name in enumerate(columns) if name not in by_column]
    table = model._meta.db_table
    expressions = [by_column[n].get_col(table) if n in by_column else None for n in columns]
    return [f.attname for _p, f in fields], [p for p, _f in fields], annotations, expressions


def raw_rows(model: type[Model], sql: str, params) -> list[Model]:
    """`list(model.objects.raw(sql, params))` for a SQL composed once (a constant or a
    BakedQuery's): the same instances, converters and annotation attributes, with the column
    plan kept per SQL instead of worked out again on each call (F15)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        key = (model, sql)
        if key not in _PLANS:
            _PLANS[key] = _plan(model, [column[0] for column in cursor.description])
    names, positions, annotations, expressions = _PLANS[key]
    compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, DEFAULT_DB_ALIAS)
    converters = compiler.get_converters(expressions)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    found = []
    for row in rows:
        instance = model.from_db(DEFAULT_DB_ALIAS, names, [row[p] for p in positions])
        for position, name in annotations:
            setattr(instance, name, row[position])
        found.append(instance)
    return found


class BakedPage:
    """A queryset's stand-in for DRF's CursorPagination (kerjasama.api), built on BakedQuery.

    The pagination only orders the rows (`order_by`), keeps those after the cursor's position
    (`filter(id__lt=...)`) and slices one page; here each of these is recorded and the page is
    read by the BakedQuery that `shape(ordering, compare)` gives (`compare`: "lt", "gt" or None
    without a position): its build takes the `values` and then, with a position, the position.
    LIMIT and OFFSET go as parameters, so one SQL serves every page of a shape (F15).
    """

    def __init__(self, shape: Callable[[tuple[str, ...], str | None], BakedQuery], values: tuple):
        self.shape, self.values = shape, values
        self.ordering: tuple[str, ...] = ()
        self.position: tuple[str, int] | None = None

    def _copy(self, **changes) -> BakedPage:
        page = BakedPage(self.shape, self.values)
        page.ordering, page.position = self.ordering, self.position
        for name, value in changes.items():
            setattr(page, name, value)
        return page

    def order_by(self, *fields: str) -> BakedPage:
        return self._copy(ordering=fields)

    def filter(self, **lookup) -> BakedPage:
        ((name, value),) = lookup.items()
        _field, _, compare = name.rpartition("__")
        return self._copy(position=(compare, int(value)))

    def __getitem__(self, bounds: slice) -> list[Model]:
        compare, position = self.position or (None, None)
        values = self.values if compare is None else (*self.values, position)
        query = self.shape(self.ordering, compare)
        start = bounds.start or 0
        return query.rows("page", values, limit=bounds.stop - start, offset=start)


#: One read for rows_together: the baked query, its key, its values, its build_args.
Read = tuple[BakedQuery, Any, tuple, tuple]


def rows_together(reads: Sequence[Read]) -> list[list[Model]]:
    """The rows of each read, as `BakedQuery.rows` gives them, in one statement on PostgreSQL.

    Each read's SQL becomes a subquery whose rows are aggregated into a JSON array (kept in the
    read's own order); the rows are turned back into model instances with each field's
    `to_python` (numbers parsed as Decimal, so no float rounding), annotations as attributes.
    Elsewhere (SQLite) the reads run one after the other.
    """
    if connection.vendor != "postgresql":
        return [query.rows(key, values, args) for query, key, values, args in reads]
    parts, params, models = [], [], []
    for query, key, values, args in reads:
        models.append(query.model(key, args))
        try:
            sql, filled = query.statement(key, values, args)
        except EmptyResultSet:  # a value no row can match: an empty list, as rows() gives
            parts.append("'[]'")
            continue
        numbered = f"SELECT s.*, row_number() OVER () AS __n FROM ({sql}) s"
        parts.append(
            f"(SELECT coalesce(json_agg(row_to_json(q) ORDER BY q.__n), '[]')::text"
            f" FROM ({numbered}) q)"
        )
        params.extend(filled)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    lists = [json.loads(text, parse_float=Decimal) for text in found]
    for items in lists:
        for item in items:
            del item["__n"]  # the order they came in
    return [json_instances(model, items) for model, items in zip(models, lists, strict=True)]


def json_instances(model: type[Model], items: list[dict]) -> list[Model]:
    """Model instances from JSON objects keyed by column or attname, each value through its
    field's `to_python`; other keys (annotations) become attributes."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    fields.update({f.attname: f for f in model._meta.concrete_fields})
    rows = []
    for item in items:
        names, values, extra = [], [], {}
        for key, value in item.items():
            field = fields.get(key)
            if field is None:
                extra[key] = value
            else:
                names.append(field.attname)
                values.append(field.to_python(value))
        row = model.from_db(DEFAULT_DB_ALIAS, names, values)
        for name, value in extra.items():
            setattr(row, name, value)
        rows.append(row)
    return rows
