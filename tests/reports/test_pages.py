"""HTML pages of the reports app: /laporan/, /dprd/, request buttons."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from agreements.choices import Kind, Stage
from reports.models import JobStatus, ReportJob, ReportType
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def _job(n: int, status=JobStatus.DONE, **fields) -> ReportJob:
    return ReportJob.objects.create(
        key=f"{n:064d}", report_type=ReportType.MONEV_ANNUAL, params={"year": 2019},
        status=status, **fields,
    )  # fmt: skip


def test_report_list_polls_only_while_a_job_is_active(client, staf):
    client.force_login(staf)
    done = _job(1)
    response = client.get(reverse("reports:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "tahun 2019" in html
    assert reverse("reports:download", args=[done.pk]) in html
    assert 'hx-trigger="every 2s"' not in html

    _job(2, status=JobStatus.RUNNING, progress=50)
    html = client.get(reverse("reports:list")).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'aria-valuenow="50"' in html
    assert "w-50" in html
    partial = client.get(reverse("reports:list_status")).content.decode()
    assert partial.lstrip().startswith('<div id="daftar-laporan"')
    assert "<html" not in partial


def test_report_list_empty_state_says_what_to_do(client, sekda):
    client.force_login(sekda)
    html = client.get(reverse("reports:list")).content.decode()
    assert "Belum ada laporan" in html
    assert reverse("reports:monev_request") in html


def test_report_list_query_count_is_constant(
    client, staf, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(staf)
    agreement = make_agreement(kind=Kind.KSDD, user=staf)
    for n in range(3):
        _job(n, agreement=agreement, requested_by=staf)
    client.get(reverse("reports:list"))  # warm up
    with django_assert_max_num_queries(10) as first:
        client.get(reverse("reports:list"))
    for n in range(3, 19):
        _job(n, agreement=agreement, requested_by=staf)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(reverse("reports:list")).status_code == 200


def test_monev_request_from_page(client, staf, django_capture_on_commit_callbacks):
    client.force_login(staf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:monev_request"), {"year": "2019"})
    assert response.url == reverse("reports:list")
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    html = client.get(response.url).content.decode()
    assert "sedang dibuat" in html  # the message, set before the commit ran the task
    assert reverse("reports:download", args=[job.pk]) in html


@pytest.mark.parametrize("year", ["", "abc", "1999", "20190"])
def test_monev_request_bad_year_is_a_message_not_500(client, staf, year):
    client.force_login(staf)
    response = client.post(reverse("reports:monev_request"), {"year": year}, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any(re.match(r"Tahun (wajib berupa angka|harus antara) ", m) for m in shown), shown
    assert not ReportJob.objects.exists()


def test_sheet_request_button(client, staf, dprd_user, django_capture_on_commit_callbacks):
    agreement = make_agreement(kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD)
    url = reverse("reports:sheet_request", args=[agreement.pk])
    client.force_login(dprd_user)
    assert client.post(url).status_code == 403
    client.force_login(staf)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.report_type, job.agreement_id, job.status) == (
        ReportType.AGREEMENT_SHEET, agreement.pk, JobStatus.DONE,
    )  # fmt: skip


def test_dprd_page_lists_only_agreements_awaiting_dprd(
    client, staf, dprd_user, django_capture_on_commit_callbacks
):
    waiting = make_agreement(
        kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD, title="Kota kembar Arnhem"
    )
    waiting.dprd_deadline = dt.date(2026, 5, 13)
    waiting.save(update_fields=["dprd_deadline"])
    not_yet = make_agreement(kind=Kind.KSDPL, user=staf, title="Masih prakarsa")
    hidden = make_agreement(
        kind=Kind.KSDD, user=staf, stage=Stage.PERSETUJUAN_DPRD, title="Tanpa DPRD"
    )  # dprd_required False: never shown to DPRD
    client.force_login(dprd_user)
    assert client.get(reverse("reports:list")).url == reverse("reports:dprd")
    html = client.get(reverse("reports:dprd")).content.decode()
    assert waiting.title in html
    assert "13 Mei 2026" in html
    assert not_yet.title not in html
    assert hidden.title not in html
    assert "Buat berkas" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:packet_request", args=[waiting.pk]))
    html = client.get(reverse("reports:dprd")).content.decode()
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert reverse("reports:download", args=[job.pk]) in html
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    # Not awaiting DPRD: forbidden, nothing queued.
    assert client.post(reverse("reports:packet_request", args=[not_yet.pk])).status_code == 403
    assert ReportJob.objects.count() == 1


def test_dprd_page_empty_state_and_forbidden_for_nobody(client, dprd_user, nobody):
    client.force_login(dprd_user)
    assert "Tidak ada kerja sama yang sedang menunggu" in client.get("/dprd/").content.decode()
    client.force_login(nobody)
    assert client.get("/dprd/").status_code == 403
    assert client.get("/laporan/").status_code == 403


def test_dprd_page_query_count_is_constant(
    client, staf, dprd_user, django_assert_num_queries, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            a = make_agreement(kind=Kind.KSDPL, user=staf, stage=Stage.PERSETUJUAN_DPRD)
            ReportJob.objects.create(
                key=f"{a.pk:064d}", report_type=ReportType.DPRD_PACKET,
                params={"agreement": a.pk}, agreement=a, status=JobStatus.QUEUED,
            )  # fmt: skip

    add(2)
    client.force_login(dprd_user)
    client.get("/dprd/")
    with django_assert_max_num_queries(12) as first:
        html = client.get("/dprd/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    add(10)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/dprd/").status_code == 200
