"""The detail page and its actions: stages, DPRD, naskah, documents, renewal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.choices import Kind, Stage, Status
from agreements.models import Document, DprdDecision, Naskah
from tests.agreements.pages import PDF, detail_url, page_html
from tests.factories import confirm_ps27, make_agreement, partner_for

pytestmark = pytest.mark.django_db

# --------------------------------------------------------------------------- detail and actions


def test_detail_shows_timeline_checklist_and_next_step(client, staf):
    agreement = make_agreement(title="Persampahan regional")
    client.force_login(staf)
    response = client.get(detail_url(agreement))
    html = page_html(response)
    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert [i["stage"] for i in timeline][:3] == ["persiapan", "penawaran", "penyusunan_kb"]
    assert [i["state"] for i in timeline][:2] == ["current", "future"]
    assert timeline[0]["date"] == dt.date(2026, 3, 2)
    assert "Lanjut ke: Penawaran" in html
    assert "Pemetaan urusan" in html  # checklist of persiapan (KSDD)
    assert "Batalkan kerja sama" in html
    assert "Tandai selesai" not in html  # only from pelaksanaan/pelaporan


def test_transition_buttons_move_stage_and_update_timeline(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    url = f"/kerja-sama/{agreement.pk}/tahapan/"
    response = client.post(url, {"to": "penawaran", "date": "2026-03-10", "note": "Surat dikirim"})
    assert response.status_code == 302
    response = client.post(url, {"to": "penyusunan_kb", "date": "2026-03-20", "note": ""})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENYUSUNAN_KB
    page = client.get(detail_url(agreement))
    states = {i["stage"]: (i["state"], i["date"]) for i in page.context["timeline"]}
    assert states["persiapan"][0] == "done"
    assert states["penawaran"] == ("done", dt.date(2026, 3, 10))
    assert states["penyusunan_kb"] == ("current", dt.date(2026, 3, 20))
    assert states["penandatanganan_kb"][0] == "future"
    html = page_html(page)
    assert "Surat dikirim" in html
    assert "Tahapan kerja sama kini: Penyusunan kesepakatan bersama" in html


def test_blocked_step_is_disabled_with_reason_and_refused(client, staf):
    agreement = make_agreement()
    for stage in ("penawaran", "penyusunan_kb", "penandatanganan_kb"):
        services.agreement_transition(agreement_id=agreement.pk, to=stage, user=staf)
    client.force_login(staf)
    html = page_html(client.get(detail_url(agreement)))
    assert "Prasyarat yang belum ada: naskah Kesepakatan bersama (KB)" in html
    assert "disabled" in html
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "penyusunan_pks", "date": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "Prasyarat belum lengkap" in page_html(response)
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENANDATANGANAN_KB


def test_not_allowed_target_is_409_with_message(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "pelaksanaan", "date": "2026-04-01"}
    )
    assert response.status_code == 409
    assert "tidak diizinkan" in page_html(response)
    response = client.post(f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "ngawur"})
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PERSIAPAN
    assert agreement.stage_history.count() == 1


def test_skipped_dprd_step_shows_in_timeline(client, staf):
    agreement = make_agreement(budgeted_in_apbd=True)
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="kb", signed_on=dt.date(2026, 4, 1), user=staf
    )
    for stage in ("penawaran", "penyusunan_kb", "penandatanganan_kb", "penyusunan_pks"):
        services.agreement_transition(agreement_id=agreement.pk, to=stage, user=staf)
    client.force_login(staf)
    page = client.get(detail_url(agreement))
    states = {i["stage"]: i["state"] for i in page.context["timeline"]}
    assert states["persetujuan_dprd"] == "skipped"
    assert states["penandatanganan_kb"] == "done"
    assert "dilewati" in page_html(page)


def test_cancel_needs_a_note(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    url = f"/kerja-sama/{agreement.pk}/tahapan/"
    response = client.post(url, {"to": "dibatalkan", "date": "2026-04-01", "note": " "})
    assert response.status_code == 400
    assert "wajib disertai catatan" in page_html(response)
    agreement.refresh_from_db()
    assert agreement.status == Status.AKTIF
    response = client.post(url, {"to": "dibatalkan", "date": "2026-04-01", "note": "Batal"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.DIBATALKAN
    page = client.get(detail_url(agreement))
    assert page.context["timeline"][-1] == {
        "stage": "dibatalkan", "label": "Dibatalkan", "state": "current",
        "date": dt.date(2026, 4, 1),
    }  # fmt: skip
    assert "Batalkan kerja sama" not in page_html(page)


def test_end_needs_reason_of_the_kind(client, staf):
    agreement = make_agreement(kind=Kind.KSDD, stage=Stage.PELAKSANAAN)
    client.force_login(staf)
    html = page_html(client.get(detail_url(agreement)))
    assert "Tandai selesai" in html
    assert "pihak_ketiga_pailit" not in html  # KSDPK-only reason
    url = f"/kerja-sama/{agreement.pk}/tahapan/"
    response = client.post(url, {"to": "selesai", "date": "2026-04-01", "reason": ""})
    assert response.status_code == 400
    assert "Alasan berakhirnya kerja sama wajib dipilih" in page_html(response)
    response = client.post(
        url, {"to": "selesai", "date": "2026-04-01", "reason": "berakhir_jangka_waktu"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_reason) == ("selesai", "berakhir_jangka_waktu")


def test_dprd_panel_deadline_and_decision(client, staf):
    partner = partner_for(Kind.KSDPL)
    agreement = make_agreement(kind=Kind.KSDPL, partners=[partner])
    confirm_ps27(agreement, staf)
    services.naskah_create(
        agreement_id=agreement.pk, naskah_type="rencana_kerja_sama",
        signed_on=dt.date(2026, 3, 2), user=staf,
    )  # fmt: skip
    for doc_type in ("surat_menteri", "pernyataan_kehendak"):
        services.document_upload(
            agreement_id=agreement.pk, doc_type=doc_type, user=staf,
            uploaded_file=SimpleUploadedFile(f"{doc_type}.pdf", PDF),
        )  # fmt: skip
    for stage in (
        "penjajakan", "konsultasi_pusat", "pernyataan_kehendak", "penyusunan_rencana",
    ):  # fmt: skip
        services.agreement_transition(agreement_id=agreement.pk, to=stage, user=staf)
    services.agreement_transition(
        agreement_id=agreement.pk, to="persetujuan_dprd", date=dt.date(2026, 3, 2), user=staf
    )
    client.force_login(staf)
    html = page_html(client.get(detail_url(agreement)))
    assert "13 Mei 2026" in html  # 45 working days after 2 March 2026
    assert "Lewat batas waktu" in html or "hari kerja lagi" in html
    assert "Catat keputusan DPRD" in html
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dprd/",
        {"decision": "disetujui", "date": "2026-04-15", "letter_number": "170/12/DPRD"},
    )
    assert response.status_code == 302
    assert DprdDecision.objects.get().letter_number == "170/12/DPRD"
    bad = client.post(f"/kerja-sama/{agreement.pk}/dprd/", {"decision": "mungkin"})
    assert bad.status_code == 400
    assert DprdDecision.objects.count() == 1


def test_dprd_decision_outside_stage_is_refused(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dprd/", {"decision": "disetujui", "date": "2026-04-15"}
    )
    assert response.status_code == 400
    assert "hanya dapat dicatat" in page_html(response)
    assert not DprdDecision.objects.exists()


def test_add_naskah_from_the_page(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    url = f"/kerja-sama/{agreement.pk}/naskah/"
    response = client.post(
        url, {"naskah_type": "kb", "number": "415.4/01/2026", "signed_on": "2026-04-02"}
    )
    assert response.status_code == 302
    assert Naskah.objects.get().number == "415.4/01/2026"
    response = client.post(url, {"naskah_type": "addendum", "signed_on": "2026-05-01"})
    assert response.status_code == 400
    assert "Addendum wajib menunjuk" in page_html(response)
    response = client.post(url, {"naskah_type": "kb", "signed_on": ""})
    assert response.status_code == 400
    assert Naskah.objects.count() == 1
    assert "415.4/01/2026" in page_html(client.get(detail_url(agreement)))


def _media_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_upload_of_fake_pdf_is_refused_and_nothing_stored(client, staf):
    agreement = make_agreement()
    before = _media_files()
    client.force_login(staf)
    fake = SimpleUploadedFile("studi.pdf", b"MZ\x90\x00 bukan pdf", content_type="application/pdf")
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dokumen/",
        {"doc_type": "studi_kelayakan", "title": "Studi", "file": fake},
    )
    assert response.status_code == 400
    assert "Jenis berkas tidak diizinkan" in page_html(response)
    assert not Document.objects.exists()
    assert _media_files() == before
    missing = client.post(f"/kerja-sama/{agreement.pk}/dokumen/", {"doc_type": "laporan"})
    assert missing.status_code == 400
    assert "Pilih berkas" in page_html(missing)


def test_upload_and_download_document(client, staf, sekda, dprd_user):
    agreement = make_agreement(burdens_public=True)
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/dokumen/",
        {"doc_type": "kb", "title": "KB ditandatangani",
         "file": SimpleUploadedFile("KB final.pdf", PDF, content_type="text/plain")},
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get()
    html = page_html(client.get(detail_url(agreement)))
    assert f'title="{document.sha256}"' in html
    assert document.sha256[:12] in html
    url = reverse("agreements:document_download", args=[agreement.pk, document.pk])
    assert url in html
    client.force_login(dprd_user)
    assert client.get(url).status_code == 403  # DPRD: its packets only, none exists yet
    for user in (staf, sekda):
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"].startswith("attachment;")
        assert "KB final.pdf" in download["Content-Disposition"]
        assert b"".join(download.streaming_content) == PDF


def test_dprd_cannot_download_from_agreement_without_dprd(client, staf, dprd_user):
    agreement = make_agreement(budgeted_in_apbd=True)
    document = services.document_upload(
        agreement_id=agreement.pk, doc_type="kb", user=staf,
        uploaded_file=SimpleUploadedFile("kb.pdf", PDF),
    )  # fmt: skip
    client.force_login(dprd_user)
    url = reverse("agreements:document_download", args=[agreement.pk, document.pk])
    assert client.get(url).status_code == 404


def test_renew_button_for_active_agreement_with_end_date(client, staf):
    with_end = make_agreement(end_date=dt.date(2026, 12, 31), start_date=dt.date(2026, 1, 1))
    without_end = make_agreement()
    client.force_login(staf)
    html = page_html(client.get(detail_url(with_end)))
    assert "Lanjutkan / perbarui kerja sama" in html
    assert f'action="{reverse("agreements:renew", args=[with_end.pk])}"' in html
    assert "Lanjutkan / perbarui kerja sama" not in page_html(client.get(detail_url(without_end)))


def test_detail_of_unknown_agreement_is_404(client, staf):
    client.force_login(staf)
    assert client.get("/kerja-sama/999999/").status_code == 404
    assert client.post("/kerja-sama/999999/tahapan/", {"to": "penawaran"}).status_code == 404
