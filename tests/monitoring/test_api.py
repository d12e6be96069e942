"""Targets, realisations and evaluations API: writes by staf, reads by Sekda, validation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services as agreement_services
from monitoring.models import Evaluation, Realisation, Target
from tests.factories import make_agreement

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.django_db
def test_staf_creates_target_sekda_reads(api, staf, sekda):
    body = {"indicator": "output_antar_daerah", "year": 2019, "target": 27, "budget_idr": 405282000}
    response = api(staf).post("/api/monitoring/targets/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["period"] == "tahunan"
    assert created["budget_idr"] == 405282000
    assert api(sekda).post("/api/monitoring/targets/", body, format="json").status_code == 403
    listing = api(sekda).get("/api/monitoring/targets/?year=2019").json()
    assert [t["id"] for t in listing["results"]] == [created["id"]]
    assert set(listing) >= {"next", "previous", "results"}


@pytest.mark.django_db
def test_duplicate_target_is_400_in_indonesian(api, staf):
    body = {"indicator": "iku", "year": 2019, "target": 80}
    assert api(staf).post("/api/monitoring/targets/", body, format="json").status_code == 201
    response = api(staf).post("/api/monitoring/targets/", {**body, "target": 90}, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert "sudah ada" in data["year"][0]
    assert Target.objects.get().target == 80
    # Same indicator and year as a Renstra target is a different row.
    renstra = {**body, "period": "renstra"}
    assert api(staf).post("/api/monitoring/targets/", renstra, format="json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"indicator": "xyz", "year": 2019, "target": 1}, "indicator"),
        ({"indicator": "iku", "year": "dua ribu", "target": 1}, "year"),
        ({"indicator": "iku", "year": 2019, "target": -1}, "target"),
        ({"indicator": "iku", "year": 2019, "target": 150}, "target"),
        ({"indicator": "iku", "year": 2019, "target": 1, "budget_idr": -5}, "budget_idr"),
        ({"indicator": "iku", "year": 2019, "target": 1, "budget_idr": 2**70}, "budget_idr"),
        ({"indicator": "iku", "year": 2019, "target": "NaN"}, "target"),
        ({"indicator": "iku", "year": 2019, "target": 1, "period": "bulanan"}, "period"),
    ],
)
def test_bad_target_is_400(api, staf, body, field):
    response = api(staf).post("/api/monitoring/targets/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_realisations(api, staf, sekda):
    body = {"indicator": "laporan_monev", "year": 2016, "value": 1, "source": "Renja 2019"}
    response = api(staf).post("/api/monitoring/realisations/", body, format="json")
    assert response.status_code == 201
    assert response.json()["value"] == 1
    again = api(staf).post("/api/monitoring/realisations/", body, format="json")
    assert again.status_code == 400
    assert "sudah dicatat" in again.json()["year"][0]
    no_source = {**body, "year": 2017, "source": ""}
    assert (
        api(staf).post("/api/monitoring/realisations/", no_source, format="json").status_code == 400
    )
    assert Realisation.objects.count() == 1
    assert api(sekda).get("/api/monitoring/realisations/").json()["results"][0]["year"] == 2016


def _evaluation(agreement, /, **overrides):
    body = {
        "agreement": agreement.pk,
        "evaluated_on": "2026-11-20",
        "period_year": 2026,
        "relevansi": 5,
        "relevansi_note": "Sesuai RPJMD",
        "efektivitas": 4,
        "efisiensi": 3,
        "dampak": 3,
        "keberlanjutan": 2,
        "aspects": {"kesinambungan_kerja_sama": "Perlu perpanjangan", "pembelajaran": ""},
        "obstacles": "Anggaran terbatas",
        "follow_ups": "Usulkan di APBD perubahan",
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_evaluation_created_with_evidence_and_filtered(api, staf, sekda):
    agreement = make_agreement(user=staf)
    other = make_agreement(user=staf)
    document = agreement_services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        doc_type="bukti_monev",
        title="Foto kegiatan",
        user=staf,
    )
    body = _evaluation(agreement, evidence=[document.pk])
    response = api(staf).post("/api/monitoring/evaluations/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["evidence"] == [document.pk]
    assert data["aspects"] == {"kesinambungan_kerja_sama": "Perlu perpanjangan"}
    assert data["evaluator"] == staf.username
    api(staf).post("/api/monitoring/evaluations/", _evaluation(other), format="json")
    listing = api(sekda).get(f"/api/monitoring/evaluations/?agreement={agreement.pk}").json()
    assert [e["agreement"] for e in listing["results"]] == [agreement.pk]
    assert api(sekda).post("/api/monitoring/evaluations/", body, format="json").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"relevansi": 6}, "relevansi"),
        ({"dampak": 0}, "dampak"),
        ({"efisiensi": "baik"}, "efisiensi"),
        ({"keberlanjutan": None}, "keberlanjutan"),
        ({"aspects": {"tidak_ada": "x"}}, "aspects"),
        ({"aspects": ["kemanfaatan_nasional"]}, "aspects"),
        ({"agreement": 999999}, "agreement"),
        ({"agreement": 2**70}, "agreement"),
        ({"evidence": [2**70]}, "evidence"),
        ({"evaluated_on": "20-11-2026x"}, "evaluated_on"),
        ({"period_year": 1900}, "period_year"),
    ],
)
def test_evaluation_validation_is_400_and_writes_nothing(api, staf, overrides, field):
    agreement = make_agreement(user=staf)
    response = api(staf).post(
        "/api/monitoring/evaluations/", _evaluation(agreement, **overrides), format="json"
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert field in data
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_evaluation_score_message_is_indonesian(api, staf):
    agreement = make_agreement(user=staf)
    response = api(staf).post(
        "/api/monitoring/evaluations/", _evaluation(agreement, relevansi=7), format="json"
    )
    assert response.json()["relevansi"] == ["Nilai harus bilangan bulat 1 sampai 5."]


@pytest.mark.django_db
def test_evaluation_evidence_of_another_agreement_is_refused(api, staf):
    agreement = make_agreement(user=staf)
    other = make_agreement(user=staf)
    document = agreement_services.document_upload(
        agreement_id=other.pk,
        uploaded_file=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        doc_type="bukti_monev",
        title="Bukti lain",
        user=staf,
    )
    response = api(staf).post(
        "/api/monitoring/evaluations/",
        _evaluation(agreement, evidence=[document.pk]),
        format="json",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert not Evaluation.objects.exists()
