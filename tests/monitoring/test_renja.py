"""Tabel 2.1 (seed 004) from the demo data, and the rules for years after the entered figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from agreements import services as agreement_services
from agreements.choices import Kind
from monitoring import demo as monitoring_demo
from monitoring import selectors, services
from monitoring.models import Indicator, Realisation, Target
from tests.factories import make_agreement

COLUMNS = (
    "renstra_target",
    "realisation_before",
    "target_prev_year",
    "realisation_prev_year",
    "rate_prev_year_percent",
    "target_year",
    "realisation_to_date",
    "renstra_achievement_percent",
)

#: Seed 004, Tabel 2.1, columns 4-11 (exact values).
SEED_2018 = {
    "output_antar_daerah": (180, 29, 24, 33, 137.5, 26, 88, 88 / 180 * 100),
    "output_antar_lembaga_luar_negeri": (168, 25, 23, 24, 24 / 23 * 100, 24, 73, 73 / 168 * 100),
    "laporan_monev": (6, 1, 1, 1, 100, 1, 3, 50),
    # DOMAIN.md section 11: the 2017 IKU is its own indicator (6 = 5%, 7 = 5%, 8 = mean of the
    # activities' column 8, 9 blank); the IKU in force from 2018 has 9 = 80% and 6-8 blank.
    # Column 4 is each indicator's own Renstra target (5% and 80%, Tabel 2.2).
    "iku_2017": (5, None, 5, 5, (137.5 + 24 / 23 * 100 + 100) / 3, None, None, None),
    "iku": (80, None, None, None, None, 80, 80, None),
}


def _load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_renja_api_2018_reproduces_seed_004(api, sekda):
    _load_demo()
    response = api(sekda).get("/api/monitoring/renja/", {"year": 2018})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2018
    rows = {row["indicator"]: row for row in body["results"]}
    assert [row["indicator"] for row in body["results"]] == [
        "iku_2017", "iku", "output_antar_daerah", "output_antar_lembaga_luar_negeri",
        "laporan_monev",
    ]  # fmt: skip
    for indicator, expected in SEED_2018.items():
        for column, value in zip(COLUMNS, expected, strict=True):
            got = rows[indicator][column]
            if value is None:
                assert got is None, (indicator, column)
            else:
                assert got == pytest.approx(value), (indicator, column)
    assert rows["iku_2017"]["rate_prev_year_percent"] == pytest.approx(113.95, abs=0.005)
    assert rows["iku_2017"]["is_mean"] is True
    assert rows["iku_2017"]["activity"] == "Program Kerja Sama Pembangunan"
    assert rows["output_antar_daerah"]["label"].startswith("Fasilitasi dan Koordinasi")


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    _load_demo()
    counts = (Target.objects.count(), Realisation.objects.count())
    first = selectors.renja_table(year=2018)
    _load_demo()
    assert (Target.objects.count(), Realisation.objects.count()) == counts
    assert selectors.renja_table(year=2018) == first
    budget_2019 = Target.objects.filter(year=2019, budget_idr__isnull=False)
    assert sum(t.budget_idr for t in budget_2019) == 624_558_000


@pytest.mark.django_db
def test_renja_counts_registry_after_last_entered_year(staf):
    """2019's table: 2018 has no entered figure, so the registry's signed KB + PKS of 2018 count."""
    monitoring_demo.load_demo()  # targets and realisations only, no demo agreements
    ksdd = make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2018, 1, 5))
    ksdpk = make_agreement(kind=Kind.KSDPK, facilitated_on=dt.date(2018, 2, 5))
    for naskah_type, day in (("kb", 1), ("pks", 2)):
        agreement_services.naskah_create(
            agreement_id=ksdd.pk,
            naskah_type=naskah_type,
            signed_on=dt.date(2018, 6, day),
            user=staf,
        )
    agreement_services.naskah_create(
        agreement_id=ksdpk.pk, naskah_type="kb", signed_on=dt.date(2018, 7, 1), user=staf
    )
    # Before the last entered year: ignored (2017 has an entered figure).
    agreement_services.naskah_create(
        agreement_id=ksdpk.pk, naskah_type="pks", signed_on=dt.date(2017, 7, 1), user=staf
    )
    rows = {row["indicator"]: row for row in selectors.renja_table(year=2019)}
    ad = rows["output_antar_daerah"]
    assert ad["realisation_before"] == 29 + 33  # up to 2017
    assert ad["target_prev_year"] == 26
    assert ad["realisation_prev_year"] == 2  # registry, 2018
    assert ad["rate_prev_year_percent"] == pytest.approx(2 / 26 * 100)
    assert ad["target_year"] == 27
    assert ad["realisation_to_date"] == 29 + 33 + 2 + 27
    assert rows["output_antar_lembaga_luar_negeri"]["realisation_prev_year"] == 1
    # laporan_monev: entered figures only, 2018 not entered.
    assert rows["laporan_monev"]["realisation_prev_year"] is None
    assert rows["laporan_monev"]["rate_prev_year_percent"] is None
    # IKU 2018 from the registry: both 2018 facilitations signed in 2018.
    assert rows["iku"]["realisation_prev_year"] == pytest.approx(100.0)
    assert rows["iku"]["target_prev_year"] == 80


@pytest.mark.django_db
def test_renja_cumulative_entry_is_not_added_twice(staf):
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2015, value=10, source="Renstra", user=staf
    )
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH,
        year=2016,
        value=29,
        source="Renja 2019",
        cumulative=True,
        user=staf,
    )
    row = {r["indicator"]: r for r in selectors.renja_table(year=2018)}["output_antar_daerah"]
    assert row["realisation_before"] == 29


@pytest.mark.django_db
def test_renja_api_without_data_gives_nulls(api, staf):
    body = api(staf).get("/api/monitoring/renja/?year=2040").json()
    assert [r["indicator"] for r in body["results"]] == [
        "iku", "output_antar_daerah", "output_antar_lembaga_luar_negeri", "laporan_monev",
    ]  # fmt: skip
    for row in body["results"]:
        assert row["rate_prev_year_percent"] is None
        assert row["renstra_achievement_percent"] is None


@pytest.mark.django_db
def test_renja_api_year_required(api, staf):
    response = api(staf).get("/api/monitoring/renja/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
