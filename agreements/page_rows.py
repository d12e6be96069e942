# ruff: noqa: S608 - the SQL is composed from model metadata only; values go as parameters
"""Everything the staff detail page shows of one agreement, in one PostgreSQL statement (F11).

The page needs the agreement, its partners (with region), urusan, stage history, field changes,
DPRD decisions, documents, naskah, PP Ps. 27 conditions and the users named in them. Through the
ORM that is nine queries; at 1M agreements composing and sending them took ~10 ms of the page's
~27 ms (benchmarks/README.md, F11). Here one SELECT returns the agreement row and each list as a
JSON array (`json_agg`, each list read through its own foreign-key index), and the rows are
turned back into model instances with each field's own `to_python`: the page, the timeline and
the prerequisite checks use them exactly as the ORM's rows (tests/agreements/test_page_rows.py
compares the two on PostgreSQL).

The JSON objects are built from the models' concrete fields, so a new column is read without a
change here. Which agreements a user may see stays the ORM's rule: the statement's WHERE is the
visible queryset's own SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404

from kerjasama.baked import BakedQuery, json_instances, raw_rows

from .models import (
    Agreement,
    ConditionCheck,
    Document,
    DprdDecision,
    FieldChange,
    Naskah,
    Partner,
    Region,
    StageHistory,
    Urusan,
)

USER_FIELDS = ("id", "username", "first_name", "last_name")
#: The agreement's own lists: attribute, model, SQL alias, order, the foreign key to the user.
OWN_LISTS = (
    ("history_rows", StageHistory, "h", "h.id", "user"),
    ("change_rows", FieldChange, "f", "f.id", "user"),
    ("decision_rows", DprdDecision, "d", "d.date, d.id", "user"),
    ("document_rows", Document, "doc", "doc.uploaded_at DESC, doc.id DESC", "uploaded_by"),
    ("naskah_rows", Naskah, "n", "n.id", "created_by"),
    ("condition_rows", ConditionCheck, "c", "c.id", "user"),
)
#: Values other apps add to the statement (agreements imports none of them), registered at
#: start-up: name -> (an SQL expression over the agreement row `a`, the reader -> its
#: parameters). Each becomes an attribute of the agreement; the page view hands them to the
#: request as `request.page_values` (the navbar's unread count, the proposal an agreement came
#: from): one round trip instead of one per value (F15).
PAGE_VALUES: dict[str, tuple[str, Callable[[Any], list]]] = {}


def register_page_value(name: str, sql: str, params_of: Callable[[Any], list]) -> None:
    PAGE_VALUES[name] = (sql, params_of)
    page_sql.cache_clear()


#: The lists the page reads, as attributes of the agreement (also the ORM path's to_attr).
ROW_LISTS = ("partner_rows", "urusan_rows", *(name for name, *_rest in OWN_LISTS))
VISIBLE = "<visible ids>"  # replaced by the SQL of the user's visible queryset


def _json_object(model: type[Model], alias: str) -> str:
    pairs = ", ".join(f"'{f.attname}', {alias}.{f.column}" for f in model._meta.concrete_fields)
    return f"json_build_object({pairs})"


def _list(model: type[Model], alias: str, order: str, where: str = "") -> str:
    table = model._meta.db_table
    where = where or f"{alias}.agreement_id = a.id"
    return (
        f"(SELECT coalesce(json_agg({_json_object(model, alias)} ORDER BY {order}), '[]')"
        f" FROM {table} {alias} WHERE {where})"
    )


@cache
def page_sql() -> str:
    """The statement, composed once per process from the models' metadata (no user input)."""
    through_p = Agreement.partners.through._meta.db_table
    through_u = Agreement.urusan.through._meta.db_table
    user_table = get_user_model()._meta.db_table
    partner = _json_object(Partner, "p")
    region = _json_object(Region, "r")
    user_ids = " UNION ".join(
        f"SELECT {model._meta.get_field(user).column} FROM {model._meta.db_table}"
        " WHERE agreement_id = a.id"
        for _name, model, _alias, _order, user in OWN_LISTS
    )
    users = ", ".join(f"'{name}', u.{name}" for name in USER_FIELDS)
    lists = [
        f"(SELECT coalesce(json_agg(json_build_object('partner', {partner}, 'region',"
        f" CASE WHEN r.code IS NULL THEN NULL ELSE {region} END) ORDER BY p.name, p.id), '[]')"
        f" FROM {through_p} ap JOIN {Partner._meta.db_table} p ON p.id = ap.partner_id"
        f" LEFT JOIN {Region._meta.db_table} r ON r.code = p.region_id"
        " WHERE ap.agreement_id = a.id)",
        _list(
            Urusan,
            "x",
            "x.code",
            f"x.code IN (SELECT urusan_id FROM {through_u} WHERE agreement_id = a.id)",
        ),
        *(_list(model, alias, order) for _name, model, alias, order, _user in OWN_LISTS),
        f"(SELECT coalesce(json_agg(json_build_object({users})), '[]') FROM {user_table} u"
        f" WHERE u.id IN ({user_ids}))",
    ]
    columns = ", ".join(
        f"{item} AS {name}" for item, name in zip(lists, (*ROW_LISTS, "user_rows"), strict=True)
    )
    for name, (sql, _params_of) in PAGE_VALUES.items():
        columns += f", {sql} AS {name}"
    return f"SELECT a.*, {columns} FROM {Agreement._meta.db_table} a WHERE a.id IN ({VISIBLE})"


#: The visible ids' SQL per visibility (agreements.selectors.agreement_visibility), composed once.
_VISIBLE_IDS = BakedQuery(lambda pk, visible: visible.filter(pk=pk).values("pk"))


def load(visibility: str, visible: QuerySet[Agreement], pk: int, user=None) -> Agreement:
    """The agreement `pk` if in `visible` (the queryset of `visibility`), with every list of
    ROW_LISTS set and the PAGE_VALUES for the reader `user` (else 404)."""
    if visibility == "none":
        raise Http404
    try:
        where, params = _VISIBLE_IDS.statement(visibility, (pk,), (visible,))
    except EmptyResultSet:  # an id no row can have
        raise Http404 from None
    values = [p for _sql, params_of in PAGE_VALUES.values() for p in params_of(user)]
    found = raw_rows(Agreement, page_sql().replace(VISIBLE, where), [*values, *params])
    if not found:
        raise Http404
    agreement = found[0]
    users = {u.pk: u for u in json_instances(get_user_model(), agreement.user_rows)}
    del agreement.user_rows

    partners = []
    for item in agreement.partner_rows:
        partner = json_instances(Partner, [item["partner"]])[0]
        partner.region = json_instances(Region, [item["region"]])[0] if item["region"] else None
        partners.append(partner)
    agreement.partner_rows = partners
    agreement.urusan_rows = json_instances(Urusan, agreement.urusan_rows)
    for name, model, _alias, _order, user_attr in OWN_LISTS:
        rows = json_instances(model, getattr(agreement, name))
        for row in rows:
            user_id = getattr(row, f"{user_attr}_id")
            setattr(row, user_attr, users.get(user_id) if user_id else None)
            row.agreement = agreement
        setattr(agreement, name, rows)
    _link_naskah(agreement)
    return agreement


def _link_naskah(agreement: Agreement) -> None:
    """A naskah's document and amended naskah, taken from the same agreement's rows."""
    documents = {d.pk: d for d in agreement.document_rows}
    naskah = {n.pk: n for n in agreement.naskah_rows}
    for row in agreement.naskah_rows:
        if row.document_id in documents:
            row.document = documents[row.document_id]
        if row.amends_id in naskah:
            row.amends = naskah[row.amends_id]


def available() -> bool:
    return connection.vendor == "postgresql"
