"""Staff pages of the agreements app: list, create, edit, detail and the detail page's actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.choices import Kind, Stage, Status
from agreements.models import Agreement, Document, DprdDecision, Naskah, StageHistory
from tests.factories import confirm_ps27, make_agreement, partner_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _detail(agreement):
    return reverse("agreements:detail", args=[agreement.pk])


def _html(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    "url",
    ["/kerja-sama/", "/kerja-sama/baru/", "/kerja-sama/ekspor.csv", "/kerja-sama/ekspor.xlsx"],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_detail_is_sent_to_login(client, staf):
    agreement = make_agreement(user=staf)
    response = client.get(_detail(agreement))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_user_without_role_gets_403(client, nobody):
    agreement = make_agreement()
    client.force_login(nobody)
    assert client.get("/kerja-sama/").status_code == 403
    assert client.get(_detail(agreement)).status_code == 403


@pytest.mark.parametrize("who", ["sekda", "dprd_user"])
def test_only_staf_may_create_or_edit(client, request, who):
    user = request.getfixturevalue(who)
    agreement = make_agreement(burdens_public=True)  # visible to DPRD as well
    client.force_login(user)
    assert client.get("/kerja-sama/baru/").status_code == 403
    partner = partner_for(Kind.KSDD)
    response = client.post(
        "/kerja-sama/baru/",
        {
            "title": "Tidak boleh",
            "kind": "KSDD",
            "partners": [partner.pk],
            "facilitated_on": "2026-03-02",
        },
    )
    assert response.status_code == 403
    assert client.get(f"/kerja-sama/{agreement.pk}/ubah/").status_code == 403
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "penawaran", "date": "2026-03-03"}
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PERSIAPAN
    assert Agreement.objects.count() == 1


def test_sekda_sees_detail_read_only(client, sekda, staf):
    agreement = make_agreement(user=staf, end_date=dt.date(2027, 3, 1))
    client.force_login(sekda)
    response = client.get(_detail(agreement))
    html = _html(response)
    assert response.status_code == 200
    assert agreement.number in html
    assert "<form" not in html.split('id="konten"')[1]  # no forms in the page body
    assert "Lanjut ke:" not in html
    assert "Ubah data" not in html
    assert "Lanjutkan / perbarui" not in html
    steps = html.split('id="judul-langkah"')[1].split("</section>")[0]
    assert "Penawaran" in steps  # the next step is still shown, as text


def test_dprd_sees_only_agreements_needing_dprd(client, dprd_user):
    needs = make_agreement(title="Perlu DPRD", burdens_public=True)
    plain = make_agreement(title="Tanpa DPRD", budgeted_in_apbd=True)
    assert needs.dprd_required
    assert not plain.dprd_required
    client.force_login(dprd_user)
    html = _html(client.get("/kerja-sama/"))
    assert "Perlu DPRD" in html
    assert "Tanpa DPRD" not in html
    assert client.get(_detail(plain)).status_code == 404
    response = client.get(_detail(needs))
    assert response.status_code == 200
    assert "<form" not in _html(response).split('id="konten"')[1]


# --------------------------------------------------------------------------- list


def test_list_search_filters_and_sort(client, staf):
    pasuruan = partner_for(Kind.KSDD, name="Pemerintah Kabupaten Pasuruan")
    waste = make_agreement(title="Pengelolaan persampahan", partners=[pasuruan])
    make_agreement(title="Air minum lintas daerah", facilitated_on=dt.date(2025, 5, 1))
    kpk = make_agreement(kind=Kind.KSDPK, title="Parkir elektronik")
    client.force_login(staf)

    def titles(query: str) -> list[str]:
        response = client.get(f"/kerja-sama/?{query}")
        assert response.status_code == 200
        return [a.title for a in response.context["page"].object_list]

    assert titles("q=persampahan") == ["Pengelolaan persampahan"]
    assert titles("q=Pasuruan") == ["Pengelolaan persampahan"]
    assert titles(f"q={waste.number}") == ["Pengelolaan persampahan"]
    assert titles("jenis=KSDPK") == ["Parkir elektronik"]
    assert titles("tahun=2025") == ["Air minum lintas daerah"]
    assert titles(f"mitra={pasuruan.pk}") == ["Pengelolaan persampahan"]
    assert titles("tahapan=prakarsa") == []
    assert titles("urut=title") == [
        "Air minum lintas daerah", "Parkir elektronik", "Pengelolaan persampahan"
    ]  # fmt: skip
    assert titles("urut=-title")[0] == "Pengelolaan persampahan"
    for key in ("number", "-facilitated_on", "stage", "-stage", "end_date", "-end_date"):
        assert titles(f"q=a&mitra={pasuruan.pk}&urusan=2.11&urut={key}") == []
        assert titles(f"q=Pasuruan&urut={key}") == ["Pengelolaan persampahan"]
    services.agreement_transition(
        agreement_id=kpk.pk, to=Stage.DIBATALKAN, note="Dibatalkan pemrakarsa", user=staf
    )
    assert titles("status=dibatalkan") == ["Parkir elektronik"]
    # Bad values are ignored, never a 500.
    assert len(titles("tahun=abc&jenis=XYZ&urut=password&mitra=999999&halaman=-3")) == 3


def test_list_shows_columns_in_indonesian(client, staf):
    make_agreement(
        title="Kerja sama persampahan", value_idr=624_558_000, end_date=dt.date(2027, 11, 23)
    )
    client.force_login(staf)
    html = _html(client.get("/kerja-sama/"))
    row = html.split("Kerja sama persampahan")[1].split("</tr>")[0]
    assert "Rp 624.558.000" in row
    assert "23 November 2027" in row
    assert "<td>Persiapan</td>" in row
    assert ">Aktif</span>" in row


def test_list_pagination(client, staf):
    partner = partner_for(Kind.KSDD)
    for i in range(30):
        make_agreement(title=f"Kerja sama nomor {i:02d}", partners=[partner])
    client.force_login(staf)
    first = client.get("/kerja-sama/?urut=title")
    assert len(first.context["page"].object_list) == 25
    assert "Halaman 1 dari 2" in _html(first)
    second = client.get("/kerja-sama/?urut=title&halaman=2")
    assert [a.title for a in second.context["page"].object_list] == [
        f"Kerja sama nomor {i:02d}" for i in range(25, 30)
    ]


def test_list_empty_state_tells_staf_what_to_do(client, staf, sekda):
    client.force_login(staf)
    html = _html(client.get("/kerja-sama/"))
    assert "Daftarkan kerja sama pertama" in html
    assert 'href="/kerja-sama/baru/"' in html
    client.force_login(sekda)
    html = _html(client.get("/kerja-sama/"))
    assert "Belum ada kerja sama" in html
    assert "Daftarkan kerja sama pertama" not in html


def test_list_query_count_does_not_grow_with_rows(client, staf, django_assert_num_queries):
    partner = partner_for(Kind.KSDD)
    for _ in range(5):
        make_agreement(partners=[partner], urusan=["2.11"])
    client.force_login(staf)
    client.get("/kerja-sama/")  # warm up caches (content types, sessions)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/kerja-sama/?urut=stage").status_code == 200
    assert len(five.captured_queries) <= 12
    for i in range(45):
        make_agreement(partners=[partner_for(Kind.KSDD, name=f"Daerah {i}")], urusan=["1.01"])
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get("/kerja-sama/?urut=stage")
    assert len(response.context["page"].object_list) == 25


# --------------------------------------------------------------------------- create


def _form_data(partner, **extra) -> dict:
    data = {
        "title": "Pengelolaan sampah regional",
        "kind": "KSDD",
        "partners": [partner.pk],
        "urusan": ["2.11"],
        "bidang": "lingkungan",
        "value_idr": "150000000",
        "budgeted_in_apbd": "on",
        "facilitated_on": "2026-03-02",
        "start_date": "",
        "end_date": "",
    }
    data.update(extra)
    return data


def test_create_form_defaults_and_date_inputs(client, staf):
    client.force_login(staf)
    response = client.get("/kerja-sama/baru/")
    html = _html(response)
    assert response.status_code == 200
    assert 'type="date"' in html
    assert dt.date.today().isoformat() in html  # facilitated_on defaults to today
    assert 'for="id_title"' in html


def test_staf_creates_agreement(client, staf):
    partner = partner_for(Kind.KSDD, name="Kabupaten Pasuruan")
    client.force_login(staf)
    response = client.post("/kerja-sama/baru/", _form_data(partner))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(agreement)
    assert agreement.stage == Stage.PERSIAPAN
    assert agreement.number == "KS/2026/0001"
    assert agreement.value_idr == 150_000_000
    assert list(agreement.urusan.values_list("code", flat=True)) == ["2.11"]
    assert agreement.dprd_required is False
    assert agreement.created_by == staf
    page = client.get(response["Location"])
    assert "telah didaftarkan" in _html(page)


def test_create_with_wrong_partner_type_shows_message_and_saves_nothing(client, staf):
    foreign = partner_for(Kind.KSDPL, name="Gemeente Arnhem")
    client.force_login(staf)
    response = client.post("/kerja-sama/baru/", _form_data(foreign))
    html = _html(response)
    assert response.status_code == 400
    assert "hanya dapat bermitra dengan" in html
    assert "Gemeente Arnhem" in html
    assert "invalid-feedback" in html
    assert not Agreement.objects.exists()
    assert not StageHistory.objects.exists()


def test_create_with_bad_input_is_400_not_500(client, staf):
    partner = partner_for(Kind.KSDD)
    client.force_login(staf)
    response = client.post(
        "/kerja-sama/baru/",
        _form_data(
            partner, title="", value_idr="banyak", start_date="2026-05-01",
            end_date="2026-04-01", facilitated_on="bukan-tanggal", partners=["x"],
        ),
    )  # fmt: skip
    assert response.status_code == 400
    assert not Agreement.objects.exists()
    response = client.post(
        "/kerja-sama/baru/", _form_data(partner, start_date="2026-05-01", end_date="2026-04-01")
    )
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in _html(response)
    assert not Agreement.objects.exists()


# --------------------------------------------------------------------------- edit


def test_edit_saves_and_records_field_change(client, staf):
    agreement = make_agreement(title="Judul lama")
    client.force_login(staf)
    page = client.get(f"/kerja-sama/{agreement.pk}/ubah/")
    assert page.status_code == 200
    assert f'name="version" value="{agreement.version}"' in _html(page)
    data = _form_data(agreement.partners.get(), title="Judul baru", version=agreement.version)
    response = client.post(f"/kerja-sama/{agreement.pk}/ubah/", data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Judul baru"
    detail = _html(client.get(_detail(agreement)))
    assert "Data diubah" in detail
    assert "Judul baru" in detail


def test_edit_with_stale_version_is_409_and_keeps_input(client, staf):
    agreement = make_agreement(title="Judul awal")
    old_version = agreement.version
    services.agreement_update(agreement_id=agreement.pk, user=staf, title="Diubah rekan")
    client.force_login(staf)
    data = _form_data(
        agreement.partners.get(), title="Isian saya yang panjang", version=old_version
    )
    response = client.post(f"/kerja-sama/{agreement.pk}/ubah/", data)
    html = _html(response)
    assert response.status_code == 409
    assert "telah diubah oleh pengguna lain" in html
    assert 'value="Isian saya yang panjang"' in html  # nothing the user typed is lost
    agreement.refresh_from_db()
    assert agreement.title == "Diubah rekan"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'name="version" value="{agreement.version}"' in html


# --------------------------------------------------------------------------- detail and actions


def test_detail_shows_timeline_checklist_and_next_step(client, staf):
    agreement = make_agreement(title="Persampahan regional")
    client.force_login(staf)
    response = client.get(_detail(agreement))
    html = _html(response)
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
    page = client.get(_detail(agreement))
    states = {i["stage"]: (i["state"], i["date"]) for i in page.context["timeline"]}
    assert states["persiapan"][0] == "done"
    assert states["penawaran"] == ("done", dt.date(2026, 3, 10))
    assert states["penyusunan_kb"] == ("current", dt.date(2026, 3, 20))
    assert states["penandatanganan_kb"][0] == "future"
    html = _html(page)
    assert "Surat dikirim" in html
    assert "Tahapan kerja sama kini: Penyusunan kesepakatan bersama" in html


def test_blocked_step_is_disabled_with_reason_and_refused(client, staf):
    agreement = make_agreement()
    for stage in ("penawaran", "penyusunan_kb", "penandatanganan_kb"):
        services.agreement_transition(agreement_id=agreement.pk, to=stage, user=staf)
    client.force_login(staf)
    html = _html(client.get(_detail(agreement)))
    assert "Prasyarat yang belum ada: naskah Kesepakatan bersama (KB)" in html
    assert "disabled" in html
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "penyusunan_pks", "date": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "Prasyarat belum lengkap" in _html(response)
    agreement.refresh_from_db()
    assert agreement.stage == Stage.PENANDATANGANAN_KB


def test_not_allowed_target_is_409_with_message(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    response = client.post(
        f"/kerja-sama/{agreement.pk}/tahapan/", {"to": "pelaksanaan", "date": "2026-04-01"}
    )
    assert response.status_code == 409
    assert "tidak diizinkan" in _html(response)
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
    page = client.get(_detail(agreement))
    states = {i["stage"]: i["state"] for i in page.context["timeline"]}
    assert states["persetujuan_dprd"] == "skipped"
    assert states["penandatanganan_kb"] == "done"
    assert "dilewati" in _html(page)


def test_cancel_needs_a_note(client, staf):
    agreement = make_agreement()
    client.force_login(staf)
    url = f"/kerja-sama/{agreement.pk}/tahapan/"
    response = client.post(url, {"to": "dibatalkan", "date": "2026-04-01", "note": " "})
    assert response.status_code == 400
    assert "wajib disertai catatan" in _html(response)
    agreement.refresh_from_db()
    assert agreement.status == Status.AKTIF
    response = client.post(url, {"to": "dibatalkan", "date": "2026-04-01", "note": "Batal"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.DIBATALKAN
    page = client.get(_detail(agreement))
    assert page.context["timeline"][-1] == {
        "stage": "dibatalkan", "label": "Dibatalkan", "state": "current",
        "date": dt.date(2026, 4, 1),
    }  # fmt: skip
    assert "Batalkan kerja sama" not in _html(page)


def test_end_needs_reason_of_the_kind(client, staf):
    agreement = make_agreement(kind=Kind.KSDD, stage=Stage.PELAKSANAAN)
    client.force_login(staf)
    html = _html(client.get(_detail(agreement)))
    assert "Tandai selesai" in html
    assert "pihak_ketiga_pailit" not in html  # KSDPK-only reason
    url = f"/kerja-sama/{agreement.pk}/tahapan/"
    response = client.post(url, {"to": "selesai", "date": "2026-04-01", "reason": ""})
    assert response.status_code == 400
    assert "Alasan berakhirnya kerja sama wajib dipilih" in _html(response)
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
    html = _html(client.get(_detail(agreement)))
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
    assert "hanya dapat dicatat" in _html(response)
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
    assert "Addendum wajib menunjuk" in _html(response)
    response = client.post(url, {"naskah_type": "kb", "signed_on": ""})
    assert response.status_code == 400
    assert Naskah.objects.count() == 1
    assert "415.4/01/2026" in _html(client.get(_detail(agreement)))


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
    assert "Jenis berkas tidak diizinkan" in _html(response)
    assert not Document.objects.exists()
    assert _media_files() == before
    missing = client.post(f"/kerja-sama/{agreement.pk}/dokumen/", {"doc_type": "laporan"})
    assert missing.status_code == 400
    assert "Pilih berkas" in _html(missing)


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
    html = _html(client.get(_detail(agreement)))
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
    html = _html(client.get(_detail(with_end)))
    assert "Lanjutkan / perbarui kerja sama" in html
    assert f'action="{reverse("agreements:renew", args=[with_end.pk])}"' in html
    assert "Lanjutkan / perbarui kerja sama" not in _html(client.get(_detail(without_end)))


def test_detail_of_unknown_agreement_is_404(client, staf):
    client.force_login(staf)
    assert client.get("/kerja-sama/999999/").status_code == 404
    assert client.post("/kerja-sama/999999/tahapan/", {"to": "penawaran"}).status_code == 404


def test_sort_by_stage_follows_the_legal_order(client, staf):
    make_agreement(title="Sudah pelaksanaan", stage=Stage.PELAKSANAAN)
    make_agreement(title="Baru persiapan")
    make_agreement(title="Sudah penawaran", stage=Stage.PENAWARAN)
    client.force_login(staf)
    response = client.get("/kerja-sama/?urut=stage")
    assert [a.title for a in response.context["page"].object_list] == [
        "Baru persiapan",
        "Sudah penawaran",
        "Sudah pelaksanaan",
    ]
    assert 'aria-sort="ascending"' in _html(response)
    response = client.get("/kerja-sama/?urut=-stage")
    assert response.context["page"].object_list[0].title == "Sudah pelaksanaan"
