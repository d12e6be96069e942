"""The supervisor-report form on /laporan/ creates a job in a real browser (issue: the form
posted to a URL another route answered, so nothing was created and nobody was told)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.models import ReportJob, ReportType

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_form_creates_a_job(login_as, live_server, staf, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    page = login_as(staf)
    page.goto(f"{live_server.url}/laporan/")
    form = page.locator("form", has=page.get_by_role("button", name="Buat laporan pengawasan"))
    form.get_by_label("Tahun").fill("2025")
    form.get_by_label("KSDD").check()
    form.get_by_role("button", name="Buat laporan pengawasan").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(f"{live_server.url}/laporan/")
    expect(page.get_by_role("alert").or_(page.locator(".alert")).first).to_contain_text("Laporan")
    job = ReportJob.objects.get(report_type=ReportType.SUPERVISOR_ANNUAL)
    assert job.params == {"year": 2025, "kinds": ["KSDD", "KSDPL", "KSDLL"]}
