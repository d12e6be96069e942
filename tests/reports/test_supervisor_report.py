"""The supervisor report (PP 28/2018 Ps. 43; UU 23/2014 Ps. 368) through the report jobs."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from agreements import services
from reports.models import JobStatus
from reports.services import report_request
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def test_supervisor_report_lists_every_foreign_agreement_with_stage(
    staf, api, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    arnhem = make_agreement(kind="KSDPL", user=staf, title="Kota kembar Arnhem",
                            facilitated_on=dt.date(2026, 2, 1))  # fmt: skip
    tu = make_agreement(kind="KSDLL", user=staf, title="Riset sanitasi TU Braunschweig",
                        facilitated_on=dt.date(2026, 4, 1))  # fmt: skip
    services.agreement_transition(agreement_id=tu.pk, to="penjajakan", date=dt.date(2026, 5, 1),
                                  user=staf)  # fmt: skip
    make_agreement(
        kind="KSDD", user=staf, title="Sampah regional", facilitated_on=dt.date(2026, 1, 5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = api(staf).post(
            "/api/reports/", {"report_type": "supervisor_annual", "year": 2026}, format="json"
        )
    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "queued"
    assert response.json()["url"].endswith(f"/api/reports/{response.json()['id']}/")
    job_id = response.json()["id"]
    detail = api(staf).get(f"/api/reports/{job_id}/").json()
    assert detail["status"] == JobStatus.DONE, detail
    pdf = api(staf).get(detail["download_url"])
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert arnhem.number in text
    assert tu.number in text
    assert "Sampah regional" not in text  # KSDD is not reported to Mendagri by default
    assert "Penjajakan" in text


def test_supervisor_report_is_idempotent_and_refused_to_dprd(staf, dprd_user):
    from kerjasama.errors import NotAllowed

    first, created = report_request(
        report_type="supervisor_annual", params={"year": 2025}, user=staf
    )
    again, created_again = report_request(
        report_type="supervisor_annual", params={"year": 2025}, user=staf
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    with pytest.raises(NotAllowed):
        report_request(report_type="supervisor_annual", params={"year": 2025}, user=dprd_user)


def test_supervisor_report_bad_year_is_400(api, staf):
    response = api(staf).post(
        "/api/reports/", {"report_type": "supervisor_annual", "year": 1900}, format="json"
    )
    assert response.status_code == 400
    assert re.fullmatch(r"Tahun harus antara \d{4} dan \d{4}\.", response.json()["year"][0])


def test_supervisor_request_form(
    client, staf, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(staf)
    page = client.get("/laporan/").content.decode()
    assert "Buat laporan pengawasan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/laporan/pengawas/", {"year": "2026", "kinds": ["KSDPL"]})
    assert response.status_code == 302
    from reports.models import ReportJob

    job = ReportJob.objects.get(report_type="supervisor_annual")
    assert job.params == {"year": 2026, "kinds": ["KSDPL"]}
    assert job.status == "done"
