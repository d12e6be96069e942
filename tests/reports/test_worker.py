"""Report jobs through a real Celery worker (Redis broker): done, and done after a SIGKILL."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from agreements.choices import Kind
from agreements.services import naskah_create
from monitoring.models import Indicator, Target
from reports import services
from reports.models import JobStatus, ReportJob
from tests.factories import make_agreement

from .conftest import pdf_text

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(job_id: int, statuses: set[str], timeout: float) -> ReportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"Laporan {job_id} tidak mencapai {statuses}: {job.status} {job.error}")


def _pdf_files(job_id: int) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "laporan"
    return sorted(p.name for p in folder.glob(f"{job_id}*")) if folder.exists() else []


@pytest.fixture
def monev_data(staf):
    Target.objects.create(indicator=Indicator.IKU, year=2019, target=80)
    agreements = [
        make_agreement(kind=Kind.KSDD, facilitated_on=dt.date(2019, 2, 1), user=staf)
        for _ in range(4)
    ]
    for a in agreements[:3]:
        naskah_create(agreement_id=a.pk, naskah_type="kb", signed_on=dt.date(2019, 5, 1), user=staf)
    return agreements


@pytest.fixture
def slow_worker(monkeypatch, request):
    """A worker whose task sleeps before rendering and whose broker redelivers after 3 s."""
    monkeypatch.setenv("REPORTS_TEST_DELAY_SECONDS", "60")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    return request.getfixturevalue("celery_worker")


def test_monev_job_is_done_by_the_real_worker(celery_worker, staf, monev_data):
    job, created = services.report_request(
        report_type="monev_annual", params={"year": 2019}, user=staf
    )
    assert created
    job = _wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        data = handle.read()
    assert job.pages == len(PdfReader(io.BytesIO(data)).pages)
    text = "\n".join(pdf_text(data))
    assert "Tahun 2019" in " ".join(text.split())
    assert "75%" in text  # 3 of 4
    assert monev_data[0].number in text
    assert _pdf_files(job.pk) == [f"{job.pk}.pdf"]
    assert celery_worker.proc.poll() is None


def test_job_survives_worker_killed_mid_render(slow_worker, staf, monev_data, monkeypatch):
    job, _ = services.report_request(report_type="monev_annual", params={"year": 2019}, user=staf)
    running = _wait_for(job.pk, {JobStatus.RUNNING}, timeout=60)
    assert running.attempts == 1
    slow_worker.kill()  # SIGKILL: no chance to acknowledge or clean up
    assert slow_worker.proc.returncode == -9
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    monkeypatch.delenv("REPORTS_TEST_DELAY_SECONDS")
    slow_worker.start()  # the unacknowledged message comes back after the visibility timeout
    job = _wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts >= 2
    assert _pdf_files(job.pk) == [f"{job.pk}.pdf"]
    with job.file.open("rb") as handle:
        data = handle.read()
    assert len(PdfReader(io.BytesIO(data)).pages) == job.pages
    assert monev_data[0].number in "\n".join(pdf_text(data))
