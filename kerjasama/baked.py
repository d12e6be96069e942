"""Querysets whose SQL is composed once per process and then run with new values (F13).

Composing a queryset's SQL (resolving lookups, annotations, joins) costs the ORM more than
PostgreSQL needs to answer a primary-key lookup: for the API detail 1.3 ms of Python against
0.3 ms in the database. A page that runs the same query shape on every request can compose it
once, with a marker value in place of the one that changes, and run the cached SQL with the
real value through `Model.objects.raw`, which still builds model instances with each field's
converters (annotations come as attributes, as with the queryset).

    AGREEMENT = BakedQuery(lambda marker: Agreement.objects.filter(pk=marker))
    AGREEMENT.rows("all", 42)     # key: one SQL per variant of the queryset (e.g. visibility)

`build(marker)` must pass the marker once, as a plain parameter; `key` names everything else
that changes the queryset (the caller's role, say), since the SQL of each key is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

MARKER = 2_087_654_321  # in every integer range; found among the composed parameters


class BakedQuery:
    def __init__(self, build: Callable[[Any], QuerySet]) -> None:
        self.build = build
        self._sql: dict[Any, tuple[type[Model], str, tuple, int]] = {}

    def _baked(self, key, build_args: tuple):
        if key not in self._sql:
            queryset = self.build(MARKER, *build_args)
            sql, params = queryset.query.sql_with_params()
            if list(params).count(MARKER) != 1:
                raise ValueError("The marker must appear exactly once among the parameters.")
            self._sql[key] = (queryset.model, sql, tuple(params), list(params).index(MARKER))
        return self._sql[key]

    def statement(self, key, value, *build_args) -> tuple[str, list]:
        """The SQL and parameters for `value`; `build_args` are used only the first time `key`
        is seen (they must be what `key` stands for)."""
        _model, sql, params, index = self._baked(key, build_args)
        values = list(params)
        values[index] = value
        return sql, values

    def rows(self, key, value, *build_args) -> list[Model]:
        """The queryset's rows for `value` (model instances, as the queryset gives them)."""
        sql, values = self.statement(key, value, *build_args)
        return list(self._sql[key][0].objects.raw(sql, values))
