"""Report jobs in eager mode: the three PDFs, idempotency, permissions, API and download."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from agreements.choices import Kind, Stage
from agreements.services import naskah_create
from monitoring.models import Evaluation, Indicator, Target
from reports import rendering, services
from reports.models import JobStatus, ReportJob, ReportType
from reports.tasks import report_render
from tests.factories import make_agreement

from .conftest import pdf_text, squash

pytestmark = pytest.mark.django_db
Y2019 = dt.date(2019, 3, 4)


def _post(client, body):
    return client.post("/api/reports/", body, format="json")


def _stored(job: ReportJob) -> bytes:
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return handle.read()


def _files_of(job: ReportJob) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "laporan"
    return sorted(p for p in folder.glob(f"{job.pk}*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def monev_2019(staf):
    """2019: 2 KSDD facilitated and signed, 1 KSDPK facilitated unsigned; IKU 2/3 = 67%."""
    Target.objects.create(indicator=Indicator.IKU, year=2019, target=80)
    signed = [make_agreement(kind=Kind.KSDD, facilitated_on=Y2019, user=staf) for _ in range(2)]
    for a in signed:
        naskah_create(agreement_id=a.pk, naskah_type="kb", signed_on=dt.date(2019, 6, 1), user=staf)
    unsigned = make_agreement(
        kind=Kind.KSDPK, facilitated_on=Y2019, user=staf, title="Pengelolaan pasar"
    )
    Evaluation.objects.create(
        agreement=signed[0], evaluated_on=dt.date(2019, 12, 1), period_year=2019,
        relevansi=4, efektivitas=3, efisiensi=3, dampak=2, keberlanjutan=5,
    )  # fmt: skip
    return signed, unsigned


# --------------------------------------------------------------------------- the three reports


def test_monev_report_prints_year_iku_and_agreements(api, staf, monev_2019, run_on_commit):
    signed, unsigned = monev_2019
    client = api(staf)
    response = run_on_commit(_post, client, {"report_type": "monev_annual", "year": 2019})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert set(body) == {"id", "status", "url"}
    assert body["url"].endswith(f"/api/reports/{body['id']}/")

    detail = client.get(body["url"]).json()
    assert detail["status"] == "done", detail
    assert detail["error"] == ""
    job = ReportJob.objects.get(pk=body["id"])
    data = _stored(job)
    assert detail["pages"] == len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert detail["sha256"] == hashlib.sha256(data).hexdigest()
    assert job.progress == 100
    assert job.attempts == 1

    text = "\n".join(pdf_text(data))
    assert "Laporan Monitoring dan Evaluasi Kerja Sama Daerah Tahun 2019" in " ".join(text.split())
    assert "67%" in text  # 2 of 3, rounded half up
    assert "80%" in text  # the target
    for agreement in (*signed, unsigned):
        assert agreement.number in text
    assert "Halaman 1 dari" in text
    assert settings.KERJASAMA_PEMDA_NAME in " ".join(text.split())


def test_monev_lists_agreement_signed_in_year_but_facilitated_before(staf, run_on_commit):
    old = make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2018, 5, 2), user=staf)
    naskah_create(agreement_id=old.pk, naskah_type="pks", signed_on=dt.date(2019, 2, 1), user=staf)
    other = make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2018, 5, 2), user=staf)
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    text = "\n".join(pdf_text(_stored(job)))
    assert old.number in text
    assert other.number not in text


def test_agreement_sheet_lists_history_naskah_and_document_hashes(
    api, staf, upload_pdf, run_on_commit
):
    agreement = make_agreement(
        kind=Kind.KSDPK, user=staf, title="Pengelolaan air bersih", value_idr=624_558_000
    )
    doc = upload_pdf(agreement, "studi_kelayakan", "Studi kelayakan air", 1, staf)
    naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", number="KB/07/2026",
        signed_on=dt.date(2026, 4, 1), user=staf,
    )  # fmt: skip
    response = run_on_commit(
        _post, api(staf), {"report_type": "agreement_sheet", "agreement": agreement.pk}
    )
    assert response.status_code == 202
    job = ReportJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE, job.error
    text = "\n".join(pdf_text(_stored(job)))
    flat = squash(text)
    assert agreement.number in text
    assert "KB/07/2026" in text
    assert doc.sha256 in flat
    assert squash("Rp 624.558.000") in flat
    assert "enamratusduapuluhempatjuta" in flat.lower()  # terbilang
    assert squash("1 April 2026") in flat
    assert "Prakarsa kerja sama didaftarkan" in " ".join(text.split())


def test_dprd_packet_pages_are_own_pages_plus_attachments(staf, upload_pdf, run_on_commit):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD)
    loi = upload_pdf(agreement, "pernyataan_kehendak", "LAMPIRAN-LOI", 2, staf)
    rencana = upload_pdf(agreement, "rencana_kerja_sama", "LAMPIRAN-RENCANA", 3, staf)
    upload_pdf(agreement, "laporan", "BUKAN-LAMPIRAN", 1, staf)  # not a packet document
    job, created = run_on_commit(
        services.report_request,
        report_type="dprd_packet",
        params={"agreement": agreement.pk},
        user=staf,
    )
    assert created
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    pages = pdf_text(_stored(job))
    # Our own pages carry "Halaman i dari N" where N counts the whole packet (DOMAIN.md
    # section 11); the attachments follow them unchanged.
    total = int(pages[0].split("dari")[1].split()[0])
    own = sum(1 for page in pages if "Halaman" in page and f"dari {total}" in page)
    assert own >= 2  # cover letter + summary
    assert job.pages == len(pages) == total == own + 3 + 2
    # "Lampiran" counts the attachments actually merged (the unrelated laporan is not one).
    assert "Lampiran : 2 (dua) berkas" in " ".join(pages[0].split())
    assert "LAMPIRAN-RENCANA halaman 1" in pages[own]
    assert "LAMPIRAN-RENCANA halaman 3" in pages[own + 2]
    assert "LAMPIRAN-LOI halaman 1" in pages[own + 3]
    assert "LAMPIRAN-LOI halaman 2" in pages[own + 4]
    own_text = "\n".join(pages[:own])
    assert "BUKAN-LAMPIRAN" not in "\n".join(pages)
    assert "Ketua DPRD" in own_text
    assert agreement.number in own_text
    # The table of contents gives each attachment's page count and first page in the merged file.
    flat = " ".join(own_text.split())
    assert re.search(rf"LAMPIRAN-RENCANA SHA-256 {rencana.sha256} 3 {own + 1}\b", flat), flat
    assert re.search(rf"LAMPIRAN-LOI SHA-256 {loi.sha256} 2 {own + 4}\b", flat), flat


def test_dprd_packet_of_ksdd_has_burden_note_and_kb(staf, upload_pdf, run_on_commit):
    agreement = make_agreement(
        kind=Kind.KSDD, user=staf, stage=Stage.PERSETUJUAN_DPRD, burdens_public=True,
        value_idr=1_500_000,
    )  # fmt: skip
    upload_pdf(agreement, "kb", "KB-DITANDATANGANI", 1, staf)
    job, _ = run_on_commit(
        services.report_request, report_type="dprd_packet", params={"agreement": agreement.pk},
        user=staf,
    )  # fmt: skip
    pages = pdf_text(_stored(job))
    text = " ".join("\n".join(pages).split())
    assert "membebani masyarakat dan daerah" in text
    assert "Rp 1.500.000" in text
    assert "KB-DITANDATANGANI halaman 1" in pages[-1]


# --------------------------------------------------------------------------- idempotency


def test_same_request_twice_returns_same_job_rendered_once(staf, monev_2019, run_on_commit):
    first, created1 = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    second, created2 = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": "2019"}, user=staf
    )
    assert (created1, created2) == (True, False)
    assert first.pk == second.pk
    first.refresh_from_db()
    assert first.attempts == 1  # rendered once
    assert ReportJob.objects.count() == 1
    assert len(_files_of(first)) == 1


def test_changed_data_gives_a_new_job(staf, monev_2019, run_on_commit):
    first, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    make_agreement(kind=Kind.KSDD, facilitated_on=Y2019, user=staf)
    second, created = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    assert created
    assert second.pk != first.pk


def test_failed_job_is_requeued_on_the_next_request(staf, monev_2019, run_on_commit):
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="rusak")
    again, created = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    assert not created
    assert again.pk == job.pk
    again.refresh_from_db()
    assert again.status == JobStatus.DONE
    assert again.error == ""
    assert again.attempts == 2
    assert len(_files_of(again)) == 1


def test_task_run_twice_renders_once_and_rerun_after_crash_keeps_one_file(
    staf, monev_2019, run_on_commit
):
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    assert report_render.apply(args=[job.pk]).get() == "sudah selesai"
    job.refresh_from_db()
    assert job.attempts == 1
    # A worker died mid-run: the row says running; the redelivered task renders again.
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=50)
    assert report_render.apply(args=[job.pk]).get() == "selesai"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert [p.name for p in _files_of(job)] == [f"{job.pk}.pdf"]
    assert job.file.name == f"laporan/{job.pk}.pdf"
    assert hashlib.sha256(_stored(job)).hexdigest() == job.sha256


def test_oserror_is_retried_then_done(staf, monev_2019, run_on_commit, monkeypatch):
    real_store = services.report_store
    calls = []

    def flaky(job, pdf):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk penuh")
        return real_store(job, pdf)

    monkeypatch.setattr(services, "report_store", flaky)
    # The embedded default runs tasks inline without propagating their errors (settings.py);
    # the test settings propagate them, which would stop Celery's eager retry at the first try.
    from kerjasama.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    job.refresh_from_db()
    assert len(calls) == 2
    assert job.status == JobStatus.DONE
    assert job.attempts == 2


def test_render_error_marks_job_failed_in_indonesian(staf, monev_2019, run_on_commit, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templat rusak")

    monkeypatch.setattr(rendering, "monev_context", broken)
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Laporan gagal dibuat")
    assert not job.file
    assert _files_of(job) == []


# --------------------------------------------------------------------------- permissions


def test_dprd_may_not_request_agreement_sheet_or_monev(api, dprd_user, staf):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD)
    client = api(dprd_user)
    for body in (
        {"report_type": "agreement_sheet", "agreement": agreement.pk},
        {"report_type": "monev_annual", "year": 2019},
    ):
        response = _post(client, body)
        assert response.status_code == 403, body
        assert response.json()["code"] == "permission_denied"
    assert not ReportJob.objects.exists()


def test_dprd_may_not_request_packet_of_agreement_not_awaiting_dprd(api, dprd_user, staf):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf)  # at prakarsa
    response = _post(api(dprd_user), {"report_type": "dprd_packet", "agreement": agreement.pk})
    assert response.status_code == 403
    assert "DPRD" in response.json()["detail"]
    assert not ReportJob.objects.exists()


def test_dprd_gets_and_downloads_packet_awaiting_decision(
    api, client, dprd_user, staf, sekda, run_on_commit
):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD)
    api_client = api(dprd_user)
    response = run_on_commit(
        _post, api_client, {"report_type": "dprd_packet", "agreement": agreement.pk}
    )
    assert response.status_code == 202
    detail = api_client.get(response.json()["url"]).json()
    assert detail["status"] == "done"
    download = api_client.get(detail["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The DPRD member lists the packet; a Sekda monev job stays invisible to them.
    Target.objects.create(indicator=Indicator.IKU, year=2019, target=80)
    monev, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=sekda
    )
    listed = [row["id"] for row in api_client.get("/api/reports/").json()["results"]]
    assert listed == [response.json()["id"]]
    assert api_client.get(f"/api/reports/{monev.pk}/").status_code == 404
    client.force_login(dprd_user)
    assert client.get(reverse("reports:download", args=[monev.pk])).status_code == 404


def test_user_without_role_gets_403_and_anonymous_401(api, nobody):
    assert _post(api(nobody), {"report_type": "monev_annual", "year": 2019}).status_code == 403
    assert api(nobody).get("/api/reports/").status_code == 403
    assert _post(api(), {"report_type": "monev_annual", "year": 2019}).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"report_type": "laporan_lain", "year": 2019}, "report_type"),
        ({"year": 2019}, "report_type"),
        ({"report_type": "monev_annual"}, "year"),
        ({"report_type": "monev_annual", "year": "dua ribu"}, "year"),
        ({"report_type": "monev_annual", "year": 1999}, "year"),
        ({"report_type": "monev_annual", "year": True}, "year"),
        ({"report_type": "agreement_sheet"}, "agreement"),
        ({"report_type": "agreement_sheet", "agreement": 999999}, "agreement"),
        ({"report_type": "dprd_packet", "agreement": [1]}, "agreement"),
    ],
)
def test_invalid_request_is_400_in_indonesian(api, staf, body, field):
    response = _post(api(staf), body)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert field in data
    assert not ReportJob.objects.exists()


def test_non_object_body_is_400(api, staf):
    response = api(staf).post("/api/reports/", [1, 2], format="json")
    assert response.status_code == 400


# --------------------------------------------------------------------------- download


def test_download_is_pdf_whatever_the_accept_header(client, staf, monev_2019, run_on_commit):
    job, _ = run_on_commit(
        services.report_request, report_type="monev_annual", params={"year": 2019}, user=staf
    )
    client.force_login(staf)
    response = client.get(
        reverse("reports:download", args=[job.pk]), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == _stored(job)


def test_download_is_404_until_done_and_detail_has_no_url(api, client, staf):
    job = ReportJob.objects.create(
        key="x" * 64, report_type=ReportType.MONEV_ANNUAL, params={"year": 2019}
    )
    client.force_login(staf)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    detail = api(staf).get(f"/api/reports/{job.pk}/").json()
    assert detail == {
        **detail, "id": job.pk, "status": "queued", "download_url": None, "pages": None,
        "sha256": "", "error": "",
    }  # fmt: skip


def test_download_needs_login(client):
    response = client.get(reverse("reports:download", args=[1]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
