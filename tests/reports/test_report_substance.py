"""What the reports say (DOMAIN.md section 11, "Reports the office sends"): the monev report's
substance and sources, budget absorption, the addressee of the supervisor report by level, the
DPRD letter's date and counts, and download names with the registry number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.choices import Kind, Stage
from agreements.models import StageHistory
from agreements.services import naskah_create
from monitoring import services as monitoring_services
from monitoring.models import ASPECTS, Evaluation, MonevConclusion
from reports import rendering, services
from reports.models import JobStatus, ReportType
from tests.factories import make_agreement

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def _flat(job) -> str:
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return " ".join(" ".join(pdf_text(handle.read())).split())


def _request(run_on_commit, user, report_type, **params):
    job, _ = run_on_commit(
        services.report_request, report_type=report_type, params=params, user=user
    )
    return job


def test_monev_2018_states_sources_instead_of_no_cooperation(staf, run_on_commit):
    """The registry has nothing for 2018; the entered 2017 figures of Tabel 2.1 are named with
    their source instead of the report claiming there was no cooperation."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    text = _flat(_request(run_on_commit, staf, "monev_annual", year=2018))
    assert "tidak ada kerja sama" not in text
    assert "registri tidak mencatat kerja sama yang mulai difasilitasi pada tahun 2018" in text
    assert "angka historis yang dicatat" in text
    assert "Renja 2019 Bagian Administrasi Kerja Sama Setda Kab. Malang" in text  # the source
    # Column headings may be hyphenated in the PDF: compare without spaces and hyphens.
    squashed = text.replace(" ", "").replace("-", "").replace("\u2010", "")
    assert "Perkiraanrealisasis.d.tahunberjalan" in squashed
    assert "Realisasi s.d. 2018" not in text  # column 10 is a forecast


def test_monev_report_carries_aspects_obstacles_kinds_budget_and_conclusion(staf, run_on_commit):
    ksdd = make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2024, 2, 1), user=staf)
    ksdpk = make_agreement(kind=Kind.KSDPK, facilitated_on=dt.date(2024, 3, 1), user=staf)
    naskah_create(agreement_id=ksdd.pk, naskah_type="kb", signed_on=dt.date(2024, 5, 1), user=staf)
    monitoring_services.evaluation_create(
        agreement_id=ksdd.pk, user=staf, evaluated_on=dt.date(2024, 12, 1), period_year=2024,
        relevansi=5, efektivitas=4, efisiensi=3, dampak=3, keberlanjutan=4,
        aspects={"pembelajaran": "Rapat koordinasi rutin mempercepat keputusan."},
        obstacles="Staf terbatas di kedua pihak.", follow_ups="Menyusun SOP bersama.",
    )  # fmt: skip
    monitoring_services.target_set(
        indicator="output_antar_daerah", year=2024, target=6, budget_idr=400_000_000,
        realisation_idr=300_000_000,
    )  # fmt: skip
    monitoring_services.monev_conclusion_set(
        year=2024, text="Kerja sama antar daerah berjalan sesuai rencana.", user=staf
    )
    text = _flat(_request(run_on_commit, staf, "monev_annual", year=2024))
    for label in ASPECTS.values():  # all nine aspects are listed
        assert label in text, label
    assert f"{ksdd.number}: Rapat koordinasi rutin mempercepat keputusan." in text
    assert f"{ksdd.number}: Staf terbatas di kedua pihak." in text
    assert f"{ksdd.number}: Menyusun SOP bersama." in text
    assert "Ringkasan per jenis kerja sama" in text
    assert ksdpk.get_kind_display() in text
    # 300.000.000 / 400.000.000 = 75%
    assert "Rp 400.000.000 Rp 300.000.000 75%" in text
    assert "Kerja sama antar daerah berjalan sesuai rencana." in text
    assert "Kepala Bagian Administrasi Kerja Sama" in text  # signature block


def test_conclusion_changes_the_report_key(staf):
    first = services.report_key("monev_annual", {"year": 2024}, None)
    monitoring_services.monev_conclusion_set(year=2024, text="Baik.", user=staf)
    assert services.report_key("monev_annual", {"year": 2024}, None) != first


def test_conclusion_page_staff_write_sekda_reads(client, staf, sekda):
    client.force_login(staf)
    response = client.post(reverse("monitoring:conclusions"), {"year": "2025", "text": "  "})
    assert response.status_code == 400
    assert not MonevConclusion.objects.exists()
    response = client.post(
        reverse("monitoring:conclusions"), {"year": "2025", "text": "Capaian baik."}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("monitoring:conclusions"), {"year": "2025", "text": "Capaian sangat baik."}
    )
    assert MonevConclusion.objects.get(year=2025).text == "Capaian sangat baik."
    client.force_login(sekda)
    assert "Capaian sangat baik." in client.get(reverse("monitoring:conclusions")).content.decode()
    response = client.post(reverse("monitoring:conclusions"), {"year": "2025", "text": "x"})
    assert response.status_code == 403
    assert MonevConclusion.objects.get(year=2025).text == "Capaian sangat baik."


def test_budget_realisation_through_the_api_and_the_pages(api, staf, client, sekda):
    response = api(staf).post(
        "/api/monitoring/targets/",
        {
            "indicator": "laporan_monev",
            "year": 2026,
            "target": 1,
            "budget_idr": 80_000_000,
            "realisation_idr": 62_000_000,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["realisation_idr"] == 62_000_000
    bad = api(staf).post(
        "/api/monitoring/targets/",
        {"indicator": "laporan_monev", "year": 2027, "target": 1, "realisation_idr": -1},
        format="json",
    )
    assert bad.status_code == 400
    client.force_login(sekda)
    expected = "78%"  # 62/80 = 77.5 -> 78 (half up)
    dashboard = client.get(reverse("monitoring:dashboard"), {"tahun": 2026}).content.decode()
    assert "Penyerapan anggaran 2026" in dashboard
    assert expected in dashboard
    renja = client.get(reverse("monitoring:renja", args=[2026])).content.decode()
    assert "Rp 62.000.000" in renja
    assert expected in renja


def test_dashboard_of_a_past_year_marks_present_panels(client, sekda):
    client.force_login(sekda)
    html = client.get(reverse("monitoring:dashboard"), {"tahun": 2019}).content.decode()
    assert 'data-testid="saat-ini"' in html
    assert html.count(">saat ini</span>") == 3
    current = client.get(reverse("monitoring:dashboard")).content.decode()
    assert 'data-testid="saat-ini"' not in current


@pytest.mark.parametrize(
    ("home", "kinds", "expected"),
    [
        ("35.07", ("KSDD", "KSDPK"), [("Gubernur Jawa Timur", "", ("KSDD", "KSDPK"))]),
        (
            "35.07",
            ("KSDD", "KSDPL", "KSDLL"),
            [
                ("Gubernur Jawa Timur", "", ("KSDD",)),
                ("Menteri Dalam Negeri", "Gubernur Jawa Timur", ("KSDPL", "KSDLL")),
            ],
        ),
        ("35", ("KSDD", "KSDPL"), [("Menteri Dalam Negeri", "", ("KSDD", "KSDPL"))]),
    ],
)
def test_supervisor_report_addressee_by_level(settings, home, kinds, expected):
    settings.KERJASAMA_HOME_REGION = home
    got = [(a["to"], a["via"], a["kinds"]) for a in rendering.supervisor_addressees(kinds)]
    assert got == expected


def test_supervisor_pdf_has_one_letter_per_addressee(staf, run_on_commit):
    make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2025, 2, 1), user=staf)
    make_agreement(kind=Kind.KSDPL, facilitated_on=dt.date(2025, 2, 1), user=staf)
    job = _request(run_on_commit, staf, "supervisor_annual", year=2025, kinds=["KSDD", "KSDPL"])
    text = _flat(job)
    assert text.count("Laporan Pelaksanaan Kerja Sama Daerah Tahun 2025") >= 2
    assert "Gubernur Jawa Timur selaku wakil Pemerintah Pusat" in text
    assert "Menteri Dalam Negeri melalui Gubernur Jawa Timur" in text
    assert "BUPATI MALANG" in text


def test_dprd_letter_dated_on_submission_with_deadline(staf, run_on_commit, client):
    agreement = make_agreement(
        kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD, facilitated_on=dt.date(2026, 1, 5)
    )
    StageHistory.objects.create(
        agreement=agreement, from_stage=Stage.PENYUSUNAN_RENCANA,
        to_stage=Stage.PERSETUJUAN_DPRD, date=dt.date(2026, 9, 14), user=staf,
    )  # fmt: skip
    type(agreement).objects.filter(pk=agreement.pk).update(dprd_deadline=dt.date(2026, 11, 16))
    job = _request(run_on_commit, staf, "dprd_packet", agreement=agreement.pk)
    text = _flat(job)
    assert "Kepanjen, 14 September 2026" in text  # the submission day, the place
    assert "sejak surat ini diterima, yaitu tanggal 16 November 2026" in text
    assert "Lampiran : –" in text  # nothing merged
    client.force_login(staf)
    response = client.get(reverse("reports:download", args=[job.pk]))
    number = agreement.number.replace("/", "-")  # e.g. KS-2026-0007
    assert f'filename="paket-dprd-{number}.pdf"' in response["Content-Disposition"]


def test_download_names_carry_the_registry_number_or_year(staf, run_on_commit, client):
    agreement = make_agreement(kind=Kind.KSDD, user=staf)
    sheet = _request(run_on_commit, staf, "agreement_sheet", agreement=agreement.pk)
    monev = _request(run_on_commit, staf, "monev_annual", year=2026)
    client.force_login(staf)
    disposition = client.get(reverse("reports:download", args=[sheet.pk]))["Content-Disposition"]
    assert f"lembar-kerja-sama-{agreement.number.replace('/', '-')}.pdf" in disposition
    assert f"{ReportType.AGREEMENT_SHEET}-{sheet.pk}" not in disposition
    disposition = client.get(reverse("reports:download", args=[monev.pk]))["Content-Disposition"]
    assert "laporan-monev-2026.pdf" in disposition
    assert Evaluation.objects.count() == 0
