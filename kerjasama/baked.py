# ruff: noqa: S608 - the SQL is the ORM's own; values go as parameters
"""Querysets whose SQL is composed once per process and then run with new values (F13).

Composing a queryset's SQL (resolving lookups, annotations, joins) costs the ORM more than
PostgreSQL needs to answer a primary-key lookup or to read a summary table of a few rows: for
the API detail 1.3 ms of Python against 0.3 ms in the database. A read that runs the same query
shape on every request can compose it once, with marker values in place of the ones that
change, and run the cached SQL with the real values through `Model.objects.raw`, which still
builds model instances with each field's converters (annotations come as attributes).

    AGREEMENT = BakedQuery(lambda pk: Agreement.objects.filter(pk=pk))
    AGREEMENT.rows("all", 42)        # key: one SQL per variant of the queryset (visibility...)

`build(*markers)` must pass each marker once, as a plain parameter (`markers` of them, 0 for a
query without varying values); `key` names everything else that changes the queryset, since
the SQL of each key is kept. Only for querysets of model rows (no values()/values_list()).

`rows_together` runs several such reads in one round trip on PostgreSQL (each read's rows come
back as one JSON array): an endpoint made of a few small reads (Tabel 2.1) pays one round trip
instead of one per read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, QuerySet

#: Marker values: inside every integer column's range (smallint too), unlike our parameters.
MARKERS = tuple(32_711 + i for i in range(8))
#: Like the ORM, an integer no BIGINT column can hold matches nothing (instead of a DB error).
BIGINT = range(-(2**63), 2**63)


class BakedQuery:
    def __init__(self, build: Callable[..., QuerySet], markers: int = 1) -> None:
        self.build = build
        self.markers = MARKERS[:markers]
        self._sql: dict[Any, tuple[type[Model], str, tuple, list[int]]] = {}

    def _baked(self, key, build_args: tuple):
        if key not in self._sql:
            queryset = self.build(*self.markers, *build_args)
            sql, params = queryset.query.sql_with_params()
            params = list(params)
            if any(params.count(marker) != 1 for marker in self.markers):
                raise ValueError("Each marker must appear exactly once among the parameters.")
            positions = [params.index(marker) for marker in self.markers]
            self._sql[key] = (queryset.model, sql, tuple(params), positions)
        return self._sql[key]

    def statement(self, key, values: tuple = (), build_args: tuple = ()) -> tuple[str, list]:
        """The SQL and parameters for `values` (one per marker); `build_args` are passed to
        `build` after the markers the first time `key` is seen, and must be what `key` means.
        EmptyResultSet for an integer out of BIGINT's range (no row can match it)."""
        _model, sql, params, positions = self._baked(key, build_args)
        if any(isinstance(v, int) and v not in BIGINT for v in values):
            raise EmptyResultSet
        filled = list(params)
        for position, value in zip(positions, values, strict=True):
            filled[position] = value
        return sql, filled

    def rows(self, key, values: tuple = (), build_args: tuple = ()) -> list[Model]:
        """The queryset's rows for `values` (model instances, as the queryset gives them)."""
        try:
            sql, filled = self.statement(key, values, build_args)
        except EmptyResultSet:
            return []
        return list(self._sql[key][0].objects.raw(sql, filled))

    def model(self, key, build_args: tuple = ()) -> type[Model]:
        return self._baked(key, build_args)[0]


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
    return [
        _instances(model, json.loads(text, parse_float=Decimal))
        for model, text in zip(models, found, strict=True)
    ]


def _instances(model: type[Model], items: list[dict]) -> list[Model]:
    """Model instances from JSON objects keyed by column (annotations set as attributes)."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    rows = []
    for item in items:
        item.pop("__n", None)
        names, values, extra = [], [], {}
        for column, value in item.items():
            field = fields.get(column)
            if field is None:
                extra[column] = value
            else:
                names.append(field.attname)
                values.append(field.to_python(value))
        row = model.from_db(DEFAULT_DB_ALIAS, names, values)
        for name, value in extra.items():
            setattr(row, name, value)
        rows.append(row)
    return rows
