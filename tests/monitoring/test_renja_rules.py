"""Tabel 2.1 by the rules of DOMAIN.md section 11: indicators in force, Renstra periods, unknown
realisations and the registry's own annual monev report. Every expected figure is derived here
from the rule and the entered data, not copied from the output."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements import services as agreement_services
from agreements.choices import Kind
from monitoring import demo, selectors, services
from monitoring.models import Indicator, Realisation, Target, TargetPeriod
from reports.models import JobStatus, ReportJob, ReportType
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

PROGRAMME = {"iku_2017", "iku"}
ACTIVITIES = ("output_antar_daerah", "output_antar_lembaga_luar_negeri", "laporan_monev")


def _rows(year: int) -> dict[str, dict]:
    return {row["indicator"]: row for row in selectors.renja_table(year=year)}


def _target(indicator: str, year: int, period: str = TargetPeriod.TAHUNAN):
    t = Target.objects.filter(indicator=indicator, year=year, period=period).first()
    return None if t is None else t.target


def _entered(indicator: str, year: int):
    r = Realisation.objects.filter(indicator=indicator, year=year).first()
    return None if r is None else r.value


def _monev_report_done(year: int) -> ReportJob:
    return ReportJob.objects.create(
        key=f"test-monev-{year}",
        report_type=ReportType.MONEV_ANNUAL,
        params={"year": year},
        status=JobStatus.DONE,
    )


def test_2019_after_load_demo_iku_has_its_own_targets(api, sekda):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    body = api(sekda).get("/api/monitoring/renja/", {"year": 2019}).json()
    rows = {row["indicator"]: row for row in body["results"]}
    # iku_2017 was in force up to 2017: not a row of 2019 (neither Y-1 = 2018 nor Y).
    assert "iku_2017" not in rows
    iku = rows["iku"]
    assert iku["target_year"] == 80
    assert iku["target_prev_year"] == 80
    assert iku["renstra_target"] == 80
    # No column of any row carries another indicator's figure: each target column equals the
    # row's own target (or is null).
    for code, row in rows.items():
        assert row["target_prev_year"] in (None, _target(code, 2018)), code
        assert row["target_year"] in (None, _target(code, 2019)), code
        assert row["renstra_target"] in (None, _target(code, 2021, TargetPeriod.RENSTRA)), code
    assert 5 not in [v for k, v in iku.items() if k not in ("activities_total",)]


def test_2018_programme_rows_follow_the_periods_in_force(api, sekda):
    demo.load_demo()
    rows = _rows(2018)
    old, new = rows["iku_2017"], rows["iku"]
    # iku_2017: 6 and 7 from 2017, 8 = mean of the activities' column 8, 9/10 not applicable.
    assert old["target_prev_year"] == _target("iku_2017", 2017) == 5
    assert old["realisation_prev_year"] == _entered("iku_2017", 2017) == 5
    activity_rates = [
        Decimal(_entered(c, 2017)) * 100 / Decimal(_target(c, 2017)) for c in ACTIVITIES
    ]
    assert old["rate_prev_year_percent"] == pytest.approx(float(sum(activity_rates) / 3))
    assert old["target_year"] is None
    assert "target_year" in old["not_applicable"]
    assert old["realisation_to_date"] is None
    # iku: in force from 2018, so 6-8 are not applicable; 9 = its Renja target for 2018.
    assert new["target_prev_year"] is None
    assert new["realisation_prev_year"] is None
    assert new["rate_prev_year_percent"] is None
    assert {"target_prev_year", "realisation_prev_year"} <= set(new["not_applicable"])
    assert new["target_year"] == _target("iku", 2018) == 80
    # The programme's name of the year (4.5.4 renamed from 2019).
    assert new["activity"] == "Program Kerja Sama Pembangunan"
    assert _rows(2019)["iku"]["activity"] == "Program Fasilitasi dan Peningkatan Kerja Sama Daerah"


def test_unknown_realisation_is_blank_and_left_out_of_the_mean(client, sekda):
    """2019: laporan_monev has no entered 2018 figure and no report job: unknown, not 0."""
    demo.load_demo()
    rows = _rows(2019)
    monev = rows["laporan_monev"]
    assert monev["realisation_prev_year"] is None
    assert monev["rate_prev_year_percent"] is None
    assert monev["realisation_to_date"] is None  # 5 + 7 + 9 needs column 7
    assert monev["renstra_achievement_percent"] is None
    # Column 5 (2016..2017) is known: the cumulative 2016 entry plus 2017.
    assert monev["realisation_before"] == _entered("laporan_monev", 2016) + _entered(
        "laporan_monev", 2017
    )
    # The programme row's column 8: mean over the two activities with data (registry: 0 of 26
    # and 0 of 24 in 2018, no demo agreements loaded).
    known = [rows[c]["rate_prev_year_percent"] for c in ACTIVITIES[:2]]
    assert known == [0, 0]
    assert rows["iku"]["rate_prev_year_percent"] == 0
    assert rows["iku"]["mean_of_activities"] == 2
    assert rows["iku"]["activities_total"] == 3
    client.force_login(sekda)
    html = client.get(reverse("monitoring:renja", args=[2019])).content.decode()
    assert "belum ada data" in html
    assert "rata-rata 2 dari 3 kegiatan yang ada datanya" in html
    assert "Perkiraan realisasi s.d. tahun berjalan" in html


def test_finished_monev_report_job_counts_as_the_years_laporan():
    demo.load_demo()
    _monev_report_done(2018)
    ReportJob.objects.create(  # a failed job counts for nothing
        key="failed-2019",
        report_type=ReportType.MONEV_ANNUAL,
        params={"year": 2019},
        status=JobStatus.FAILED,
    )
    rows = _rows(2019)
    monev = rows["laporan_monev"]
    assert monev["realisation_prev_year"] == 1
    assert monev["source_prev_year"] == "laporan monev tahunan yang dibuat registri"
    target_2018 = _target("laporan_monev", 2018)
    assert monev["rate_prev_year_percent"] == pytest.approx(100 / float(target_2018))
    before = _entered("laporan_monev", 2016) + _entered("laporan_monev", 2017)
    expected_to_date = before + 1 + _target("laporan_monev", 2019)
    assert monev["realisation_to_date"] == expected_to_date
    renstra = _target("laporan_monev", 2021, TargetPeriod.RENSTRA)
    assert monev["renstra_achievement_percent"] == pytest.approx(
        float(expected_to_date / renstra * 100)
    )
    assert rows["iku"]["mean_of_activities"] == 3
    # 2020: 2019 has neither an entered figure nor a finished job.
    assert _rows(2020)["laporan_monev"]["realisation_prev_year"] is None


def test_column_5_counts_from_the_renstra_in_force(staf, settings):
    settings.KERJASAMA_RENSTRA_PERIODS = [(2016, 2021), (2022, 2026)]
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2016, value=29, source="Renja", user=staf,
        cumulative=True,
    )  # fmt: skip
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2017, value=33, source="Renja", user=staf
    )
    services.target_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2021, period=TargetPeriod.RENSTRA,
        target=180,
    )  # fmt: skip
    services.target_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2026, period=TargetPeriod.RENSTRA,
        target=40,
    )  # fmt: skip
    for day in (dt.date(2021, 5, 1), dt.date(2022, 5, 1), dt.date(2023, 5, 1)):
        agreement = make_agreement(kind=Kind.KSDD, facilitated_on=day)
        agreement_services.naskah_create(
            agreement_id=agreement.pk, naskah_type="kb", signed_on=day, user=staf
        )
    row = _rows(2024)["output_antar_daerah"]
    assert row["renstra_target"] == 40  # the 2022-2026 Renstra's target
    assert row["realisation_before"] == 1  # 2022 only: 2021 and the 2016/2017 entries are earlier
    assert row["realisation_prev_year"] == 1  # 2023
    # The first year of a Renstra: nothing realised in it before, column 7 belongs to the last.
    first_year = _rows(2022)["output_antar_daerah"]
    assert first_year["realisation_before"] == 0
    assert first_year["renstra_target"] == 40
    assert _rows(2021)["output_antar_daerah"]["realisation_before"] == 29 + 33 + 0 + 0 + 0
    assert _rows(2021)["output_antar_daerah"]["renstra_target"] == 180


def test_gap_in_entered_history_is_unknown(staf):
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2016, value=5, source="x", user=staf
    )
    services.realisation_set(
        indicator=Indicator.OUTPUT_ANTAR_DAERAH, year=2018, value=7, source="x", user=staf
    )
    row = _rows(2019)["output_antar_daerah"]
    assert row["realisation_prev_year"] == 7
    assert row["realisation_before"] is None  # 2017 was neither entered nor counted


def test_load_demo_repairs_the_old_iku_renstra_target():
    Target.objects.create(
        indicator=Indicator.IKU, year=2021, period=TargetPeriod.RENSTRA, target=5, note="lama"
    )
    demo.load_demo()
    assert _target("iku", 2021, TargetPeriod.RENSTRA) == 80
    assert _target("iku_2017", 2021, TargetPeriod.RENSTRA) == 5
    assert not PROGRAMME - {r["indicator"] for r in selectors.renja_table(year=2018)}
