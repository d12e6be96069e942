"""kerjasama.baked: SQL composed once, run with new values, one SQL per key."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from kerjasama.baked import BakedQuery
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def test_rows_follow_the_value_and_compose_once(staf):
    first, second = make_agreement(title="Satu"), make_agreement(title="Dua")
    composed = []

    def build(pk):
        composed.append(pk)
        return Agreement.objects.filter(pk=pk).only("id", "title")

    baked = BakedQuery(build)
    assert [a.title for a in baked.rows("all", (first.pk,))] == ["Satu"]
    with CaptureQueriesContext(connection) as ctx:
        assert [a.title for a in baked.rows("all", (second.pk,))] == ["Dua"]
    assert len(ctx) == 1
    assert baked.rows("all", (second.pk + 100,)) == []
    assert len(composed) == 2  # composed for the first call only, with each set of markers


def test_each_key_keeps_its_own_sql(staf):
    dprd = make_agreement(title="DPRD")
    Agreement.objects.filter(pk=dprd.pk).update(dprd_required=True)
    plain = make_agreement(title="Biasa")

    def build(pk, only_dprd):
        qs = Agreement.objects.filter(pk=pk)
        return qs.filter(dprd_required=True) if only_dprd else qs

    baked = BakedQuery(build)
    assert len(baked.rows("all", (plain.pk,), (False,))) == 1
    assert baked.rows("dprd", (plain.pk,), (True,)) == []
    assert len(baked.rows("dprd", (dprd.pk,), (True,))) == 1


def test_every_marker_must_reach_the_parameters(staf):
    with pytest.raises(ValueError, match="Each marker must appear"):
        BakedQuery(lambda pk: Agreement.objects.filter(title="x")).rows("k", (1,))
    # A marker compared with a constant of the same value is still told apart from it.
    agreement = make_agreement(title="Satu")
    twice = BakedQuery(lambda pk: Agreement.objects.filter(pk=pk, id__lte=pk, version__lt=7001))
    assert [a.title for a in twice.rows("k", (agreement.pk,))] == ["Satu"]
    assert twice.rows("k", (agreement.pk + 1,)) == []
    with pytest.raises(ValueError, match="changed the SQL"):
        BakedQuery(lambda n: Agreement.objects.all()[:n]).rows("k", (1,))


def test_string_like_and_year_markers(staf):
    import datetime as dt

    make_agreement(title="Air 100% minum_x", facilitated_on=dt.date(2024, 5, 1))
    make_agreement(title="Air 1000 minumyx", facilitated_on=dt.date(2024, 6, 1))
    make_agreement(title="Air 100% minum_x", facilitated_on=dt.date(2023, 5, 1))
    search = BakedQuery(
        lambda kind, text, year: Agreement.objects.filter(
            kind=kind, title__icontains=text, facilitated_on__year=year
        ).order_by("id"),
        markers=(str, str, int),
    )

    def titles(*values):
        expected = [a.title for a in search.build(*values)]  # the ORM with the real values
        found = [a.title for a in search.rows("k", values)]
        assert found == expected
        return found

    # `%` and `_` are matched literally, as the ORM escapes them.
    assert titles("KSDD", "100% MINUM_", 2024) == ["Air 100% minum_x"]
    assert titles("KSDD", "air", 2024) == ["Air 100% minum_x", "Air 1000 minumyx"]
    assert titles("KSDPK", "air", 2024) == []
    assert titles("KSDD", "air", 2023) == ["Air 100% minum_x"]
    assert search.rows("k", ("KSDD", "air", 10_000)) == []  # no date has that year


def test_several_markers_and_none(staf):
    early, late = make_agreement(title="Awal"), make_agreement(title="Akhir")
    between = BakedQuery(
        lambda low, high: Agreement.objects.filter(pk__gte=low, pk__lte=high).order_by("id"),
        markers=2,
    )
    assert [a.title for a in between.rows("pk", (early.pk, early.pk))] == ["Awal"]
    assert [a.title for a in between.rows("pk", (early.pk, late.pk))] == ["Awal", "Akhir"]
    every = BakedQuery(lambda: Agreement.objects.order_by("id"), markers=0)
    assert [a.pk for a in every.rows("all")] == [early.pk, late.pk]
    with pytest.raises(ValueError, match="zip"):
        between.rows("pk", (early.pk,))  # one value per marker


def test_filterset_form_class_is_built_once():
    from django.http import QueryDict

    from agreements.api.views import AgreementFilter

    first = AgreementFilter(QueryDict("kind=KSDD"), queryset=Agreement.objects.all())
    second = AgreementFilter(QueryDict("kind=nope"), queryset=Agreement.objects.all())
    assert type(first.form) is type(second.form)
    assert first.is_valid()
    assert not second.is_valid()  # each instance still validates its own data
    assert first.form.fields["kind"] is not second.form.fields["kind"]


def test_an_id_beyond_bigint_matches_nothing(client, api, staf):
    baked = BakedQuery(lambda pk: Agreement.objects.filter(pk=pk))
    assert baked.rows("all", (2**70,)) == []
    huge = "71920618344076779520"
    assert api(staf).get(f"/api/agreements/{huge}/").status_code == 404
    client.force_login(staf)
    assert client.get(f"/kerja-sama/{huge}/").status_code == 404


def _fields(rows) -> list[dict]:
    """Every loaded field and annotation of each row, as the page would read them."""
    return [{k: v for k, v in vars(row).items() if not k.startswith("_")} for row in rows]


def test_rows_together_gives_what_each_read_gives(staf):
    from decimal import Decimal

    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from kerjasama.baked import rows_together
    from monitoring.models import Target

    Target.objects.create(indicator="iku", year=2024, period="tahunan", target=Decimal("80.25"))
    Target.objects.create(
        indicator="iku", year=2025, period="tahunan", target=Decimal("1234567890.12")
    )
    early, late = make_agreement(title="Awal"), make_agreement(title="Akhir")
    targets = BakedQuery(lambda year: Target.objects.filter(year__lte=year).order_by("-year"))
    labelled = BakedQuery(
        lambda pk: (
            Agreement.objects.filter(pk__gte=pk)
            .annotate(label=Concat(F("title"), Value("!")), twice=F("id") * 2)
            .only("id", "title", "created_at")
            .order_by("-id")
        ),
    )
    reads = [
        (targets, "t", (2025,), ()),
        (labelled, "a", (early.pk,), ()),
        (targets, "t", (2000,), ()),  # no rows
        (labelled, "a", (2**70,), ()),  # beyond BIGINT: no rows, as rows() gives
    ]
    with CaptureQueriesContext(connection) as ctx:
        together = rows_together(reads)
    # SQLite: one read after the other, none for the id no row can have.
    assert len(ctx) == (1 if connection.vendor == "postgresql" else len(reads) - 1)
    one_by_one = [query.rows(key, values, args) for query, key, values, args in reads]
    assert [_fields(rows) for rows in together] == [_fields(rows) for rows in one_by_one]
    found_targets, found_agreements, none, beyond = together
    assert [t.year for t in found_targets] == [2025, 2024]  # the read's own order
    assert found_targets[0].target == Decimal("1234567890.12")  # exact, no float on the way
    assert [(a.pk, a.label, a.twice) for a in found_agreements] == [
        (late.pk, "Akhir!", late.pk * 2),
        (early.pk, "Awal!", early.pk * 2),
    ]
    assert found_agreements[0].get_deferred_fields()  # deferred like the ORM's rows
    assert none == []
    assert beyond == []


def test_raw_rows_gives_what_raw_gives(staf):
    from decimal import Decimal

    from kerjasama.baked import raw_rows
    from monitoring.models import Target

    Target.objects.create(indicator="iku", year=2024, period="tahunan", target=Decimal("80.25"))
    make_agreement(title="Satu")
    reads = [
        (Target, "SELECT * FROM monitoring_target ORDER BY id"),
        # fields out of the model's order, an annotation, the rest deferred
        (
            Agreement,
            "SELECT title, facilitated_on, id, created_at, version * 2 AS twice "
            "FROM agreements_agreement ORDER BY id",
        ),
    ]
    for model, sql in reads:
        for _ in range(2):  # the plan is worked out once, then kept
            mine, theirs = raw_rows(model, sql, []), list(model.objects.raw(sql, []))
            assert _fields(mine) == _fields(theirs)
            assert [r.get_deferred_fields() for r in mine] == [
                r.get_deferred_fields() for r in theirs
            ]
    with pytest.raises(ValueError, match="primary key"):
        raw_rows(Agreement, "SELECT title FROM agreements_agreement", [])
