"""Tabel 2.1 reads the registry counts in a fixed number of queries, whatever the years (F9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services as agreement_services
from agreements.choices import Kind
from agreements.models import Naskah
from monitoring import selectors
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

GROUP_KINDS = {
    "output_antar_daerah": (Kind.KSDD,),
    "output_antar_lembaga_luar_negeri": (Kind.KSDPK, Kind.KSDPL, Kind.KSDLL),
}


def _sign(staf, kind: str, naskah_type: str, signed_on: dt.date) -> None:
    agreement = make_agreement(kind=kind, facilitated_on=signed_on)
    agreement_services.naskah_create(
        agreement_id=agreement.pk, naskah_type=naskah_type, signed_on=signed_on, user=staf
    )


def _expected(indicator: str, first: dt.date, last: dt.date) -> int:
    return Naskah.objects.filter(
        naskah_type__in=["kb", "pks"],
        agreement__kind__in=GROUP_KINDS[indicator],
        signed_on__gte=first,
        signed_on__lte=last,
    ).count()


def test_registry_columns_match_per_range_counts(staf):
    signings = [
        (Kind.KSDD, "kb", dt.date(2016, 3, 1)),
        (Kind.KSDD, "pks", dt.date(2017, 12, 31)),
        (Kind.KSDD, "kb", dt.date(2018, 1, 1)),
        (Kind.KSDD, "kb", dt.date(2018, 6, 30)),
        (Kind.KSDD, "kb", dt.date(2019, 1, 1)),  # the table's own year: not counted
        (Kind.KSDD, "rencana_kerja_sama", dt.date(2017, 5, 1)),  # not a KB/PKS
        (Kind.KSDPK, "kb", dt.date(2015, 7, 1)),
        (Kind.KSDPK, "pks", dt.date(2018, 12, 31)),
    ]
    for kind, naskah_type, day in signings:
        _sign(staf, kind, naskah_type, day)
    rows = {row["indicator"]: row for row in selectors.renja_table(year=2019)}
    for indicator in GROUP_KINDS:
        # Column 5 counts from the first year of the Renstra in force (2016-2021).
        before = _expected(indicator, dt.date(2016, 1, 1), dt.date(2017, 12, 31))
        prev = _expected(indicator, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
        assert rows[indicator]["realisation_before"] == before, indicator
        assert rows[indicator]["realisation_prev_year"] == prev, indicator
    assert rows["output_antar_daerah"]["realisation_before"] == 2
    assert rows["output_antar_daerah"]["realisation_prev_year"] == 2
    assert rows["output_antar_lembaga_luar_negeri"]["realisation_before"] == 0  # 2015: before
    assert rows["output_antar_lembaga_luar_negeri"]["realisation_prev_year"] == 1


def test_renja_query_count_does_not_grow_with_years_or_rows(staf, django_assert_num_queries):
    _sign(staf, Kind.KSDD, "kb", dt.date(2018, 2, 1))
    with CaptureQueriesContext(connection) as first:
        selectors.renja_table(year=2019)
    sql = [q["sql"] for q in first.captured_queries]
    # The targets (yearly and Renstra, the IKU target of Y-1 among them), the entered
    # realisations, the signed KB/PKS summary for columns 5 and 7, the facilitation summary for
    # the IKU of Y-1 (agreements.tallies) and the finished monev reports: five reads, sent as
    # one statement on PostgreSQL (kerjasama.baked.rows_together); no scan of the registry.
    reads = (
        "monitoring_target",
        "monitoring_realisation",
        "agreements_signedtally",
        "agreements_facilitationtally",
        "reports_reportjob",
    )
    for table in reads:
        assert len([q for q in sql if table in q]) == 1, table
    assert len(sql) == (1 if connection.vendor == "postgresql" else len(reads))
    assert not [q for q in sql if "agreements_naskah" in q]
    assert not [q for q in sql if "agreements_agreement" in q]
    for year in range(2010, 2019):
        _sign(staf, Kind.KSDPK, "pks", dt.date(year, 5, 1))
        _sign(staf, Kind.KSDD, "kb", dt.date(year, 9, 1))
    with django_assert_num_queries(len(first.captured_queries)):
        selectors.renja_table(year=2019)


def test_the_first_year_of_a_renstra_still_counts_the_year_before(staf):
    """Column 7 (Y-1) belongs to the previous Renstra when Y opens one; it is still counted."""
    from monitoring import indicators

    first, _last = indicators.renstra_period(2019)
    _sign(staf, Kind.KSDD, "kb", dt.date(first - 1, 6, 1))
    _sign(staf, Kind.KSDD, "pks", dt.date(first - 2, 6, 1))  # before Y-1: not counted
    rows = {row["indicator"]: row for row in selectors.renja_table(year=first)}
    assert rows["output_antar_daerah"]["realisation_prev_year"] == 1
    assert rows["output_antar_lembaga_luar_negeri"]["realisation_prev_year"] == 0
