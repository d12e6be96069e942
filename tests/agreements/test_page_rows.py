"""The detail page's one-statement read (agreements/page_rows.py, PostgreSQL) equals the ORM's.

Both paths of `selectors.agreement_detail` must give the page the same rows: same field values,
same order, same users, the naskah's document and amended naskah, partners with their region.
The statement runs on PostgreSQL only (the suite's database in CI and `scripts/test`).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404

from agreements import page_rows, selectors, services
from agreements.choices import Kind, Ps27Condition
from agreements.models import Agreement
from tests.agreements.pages import PDF
from tests.agreements.test_timeline import lived  # noqa: F401 - fixture
from tests.factories import UserFactory, make_agreement, partner_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the statement is PostgreSQL's (CI runs it)"
    ),
]


def _values(row) -> dict:
    data = {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}
    for name in ("user", "uploaded_by", "created_by"):
        if hasattr(row, f"{name}_id"):
            user = getattr(row, name)
            data[name] = (user.username, user.get_full_name()) if user else None
    if hasattr(row, "region_id"):
        data["region"] = row.region.name if row.region else None
    if hasattr(row, "amends_id"):
        data["document"] = row.document.title if row.document_id else None
        data["amends"] = str(row.amends) if row.amends_id else None
    return data


def _both(user, pk):
    fast = selectors.agreement_detail(user=user, pk=pk, one_statement=True)
    orm = selectors.agreement_detail(user=user, pk=pk, one_statement=False)
    return fast, orm


def _assert_same(fast, orm):
    assert _values(fast) == _values(orm)
    for name in page_rows.ROW_LISTS:
        mine, theirs = getattr(fast, name), getattr(orm, name)
        assert [_values(r) for r in mine] == [_values(r) for r in theirs], name
    assert selectors.agreement_timeline(fast) == selectors.agreement_timeline(orm)
    assert selectors.condition_list(fast) == selectors.condition_list(orm)


@pytest.fixture
def rich(staf):
    """A KSDPL with two partners (one with a region), urusan, every list filled and amended."""
    editor = UserFactory(
        username="sari.ks", role="staf_kerja_sama", first_name="Sari", last_name="W"
    )
    partners = [partner_for(Kind.KSDPL, name="Zwolle"), partner_for(Kind.KSDPL, name="Arnhem")]
    agreement = make_agreement(
        kind=Kind.KSDPL, user=staf, partners=partners, urusan=["2.11", "1.01"], title="Kembar"
    )
    document = services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("kb.pdf", PDF, content_type="application/pdf"),
        doc_type="pernyataan_kehendak",
        title="LoI “Arnhem” é",
        user=editor,
    )
    first = services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 4, 1),
        number="KB/01", document=document.pk, user=staf,
    )  # fmt: skip
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="addendum", signed_on=dt.date(2026, 5, 1),
        number="ADD/01", amends=first.pk, user=editor,
    )  # fmt: skip
    services.condition_record(
        agreement_id=agreement.pk, code=Ps27Condition.values[0], confirmed=True, note="ada",
        user=editor,
    )  # fmt: skip
    services.agreement_update(agreement_id=agreement.pk, user=editor, value_idr=7_500_000)
    return Agreement.objects.get(pk=agreement.pk)


def test_statement_equals_the_orm_for_a_rich_agreement(rich, staf):
    fast, orm = _both(staf, rich.pk)
    assert len(fast.partner_rows) == 2
    assert len(fast.urusan_rows) == 2
    assert len(fast.naskah_rows) == 2
    assert fast.naskah_rows[1].amends == fast.naskah_rows[0]
    assert fast.condition_rows
    assert fast.change_rows
    assert fast.document_rows
    _assert_same(fast, orm)


def test_statement_equals_the_orm_for_a_lived_agreement(lived, staf):  # noqa: F811
    fast, orm = _both(staf, lived.pk)
    assert fast.decision_rows
    assert fast.history_rows[-1].automatic
    _assert_same(fast, orm)


def test_bare_agreement_has_empty_lists(staf):
    agreement = make_agreement()
    fast, orm = _both(staf, agreement.pk)
    assert fast.naskah_rows == fast.document_rows == fast.condition_rows == []
    _assert_same(fast, orm)


def test_visibility_stays_the_querysets(dprd_user, nobody, staf):
    hidden = make_agreement()
    assert not hidden.dprd_required
    for user in (dprd_user, nobody):
        for one_statement in (True, False):
            with pytest.raises(Http404):
                selectors.agreement_detail(user=user, pk=hidden.pk, one_statement=one_statement)
    with pytest.raises(Http404):
        selectors.agreement_detail(user=staf, pk=hidden.pk + 1000, one_statement=True)


def test_page_reads_the_agreement_in_one_statement(
    client, rich, staf, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(staf)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/kerja-sama/{rich.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zwolle" in body
    assert "ADD/01" in body
    assert "LoI “Arnhem” é" in body
    reads = [q["sql"] for q in ctx.captured_queries if "agreements_" in q["sql"]]
    assert len([s for s in reads if "json_agg" in s]) == 1
    # Nothing else of the agreement's own rows is read again (naskah, documents, history...).
    assert not [s for s in reads if 'FROM "agreements_naskah"' in s]
    assert not [s for s in reads if 'FROM "agreements_stagehistory"' in s]
