"""Browser journey: staff walk a KSDPL through PP 28/2018 Ps. 27 and Ps. 30(3), a DPRD refusal,
the revision, the resubmission with a new clock and the approval (DOMAIN.md section 11)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONDITIONS = (
    "hubungan_diplomatik",
    "urusan_daerah",
    "tanpa_kantor_perwakilan",
    "tidak_mencampuri",
    "sesuai_rencana",
)


def _step(page, label: str, date: str | None = None) -> None:
    button = page.get_by_role("button", name=label)
    expect(button).to_be_enabled()
    if date:
        button.locator("xpath=ancestor::form").locator('input[name="date"]').fill(date)
    button.click()
    page.wait_for_load_state("networkidle")


def _decide(page, decision: str, date: str, letter: str) -> None:
    page.locator("#dprd_decision").select_option(decision)
    page.locator("#dprd_date").fill(date)
    page.locator("#dprd_letter_number").fill(letter)
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Keputusan DPRD telah dicatat.")).to_be_visible()


def test_ksdpl_refused_revised_resubmitted_and_approved(login_as, page, live_server):
    from agreements import services
    from agreements.models import Agreement
    from tests.factories import UserFactory, make_agreement
    from tests.reports.conftest import pdf_with_pages

    staf = UserFactory(username="bayu.ln", role="staf_kerja_sama", first_name="Bayu")
    agreement = make_agreement(kind="KSDPL", user=staf, title="Kota kembar Arnhem")
    from django.core.files.uploadedfile import SimpleUploadedFile

    for doc_type in ("surat_menteri", "pernyataan_kehendak"):
        services.document_upload(
            agreement_id=agreement.pk,
            doc_type=doc_type,
            user=staf,
            uploaded_file=SimpleUploadedFile(
                f"{doc_type}.pdf", pdf_with_pages(doc_type, 1), "application/pdf"
            ),
        )
    login_as(staf)
    detail = f"{live_server.url}/kerja-sama/{agreement.pk}/"
    page.goto(detail)
    current = page.locator('.timeline li[aria-current="step"]')
    _step(page, "Lanjut ke: Penjajakan")
    expect(current).to_have_attribute("data-stage", "penjajakan")

    # PP Ps. 27: the move is blocked until each condition is confirmed by a named user.
    next_label = "Lanjut ke: Konsultasi dengan Menteri dan Menteri Luar Negeri"
    expect(page.get_by_role("button", name=next_label)).to_be_disabled()
    expect(page.get_by_text("Prasyarat yang belum ada: syarat PP 28/2018 Ps. 27")).to_be_visible()
    for code in CONDITIONS:
        form = page.locator(f'form:has(input[name="code"][value="{code}"])')
        form.locator('input[name="confirmed"]').check()
        form.locator('input[name="note"]').fill(f"Diperiksa: {code}")
        form.get_by_role("button").click()
        page.wait_for_load_state("networkidle")
        item = page.locator(f'li[data-condition="{code}"]')
        expect(item.get_by_text("Dikonfirmasi", exact=True)).to_be_visible()
        expect(item.get_by_text("oleh Bayu")).to_be_visible()
    _step(page, next_label)
    _step(page, "Lanjut ke: Pernyataan kehendak (LoI)")
    _step(page, "Lanjut ke: Penyusunan rencana kerja sama")

    # PP Ps. 30(3): every element of the rencana before it goes to the DPRD.
    expect(page.get_by_role("button", name="Lanjut ke: Persetujuan DPRD")).to_be_disabled()
    expect(
        page.get_by_text("unsur rencana kerja sama PP 28/2018 Ps. 30(3) belum lengkap")
    ).to_be_visible()
    page.get_by_role("link", name="Ubah data").click()
    fields = {
        "Latar belakang": "Persahabatan sejak kunjungan delegasi 2023.",
        "Maksud dan tujuan": "Pertukaran budaya dan pendidikan vokasi.",
        "Sasaran": "Dua program pertukaran pelajar per tahun.",
        "Objek kerja sama": "Pendidikan vokasi dan promosi pariwisata.",
        "Ruang lingkup": "Magang, pameran bersama, pertukaran tenaga ahli.",
        "Sumber pembiayaan": "APBD dan Gemeente Arnhem",
        "Tanggal mulai berlaku": "2027-01-04",
        "Tanggal berakhir": "2031-12-31",
    }
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("telah diperbarui")).to_be_visible()
    expect(
        page.get_by_text("Dua program pertukaran pelajar per tahun.", exact=True)
    ).to_be_visible()

    # First submission, refused.
    _step(page, "Lanjut ke: Persetujuan DPRD", "2026-11-02")
    status = page.locator("[data-dprd-status]")
    expect(status).to_have_attribute("data-dprd-status", "menunggu")
    expect(page.get_by_text("hari kerja lagi")).to_be_visible()
    _decide(page, "ditolak", "2026-11-20", "170/41/DPRD/2026")
    expect(status).to_have_attribute("data-dprd-status", "ditolak")
    expect(page.get_by_text("Keputusan DPRD: ditolak")).to_be_visible()
    expect(page.get_by_role("heading", name="Catat keputusan DPRD")).to_have_count(0)
    expect(page.get_by_text("hari kerja lagi")).to_have_count(0)
    expect(page.get_by_role("button", name="Lanjut ke: Pertimbangan Menteri")).to_have_count(0)

    # Revision, then a new submission with a new clock from receipt.
    _step(page, "Kembali ke: Penyusunan rencana kerja sama (revisi)", "2026-11-23")
    expect(current).to_have_attribute("data-stage", "penyusunan_rencana")
    _step(page, "Lanjut ke: Persetujuan DPRD", "2026-11-24")
    expect(status).to_have_attribute("data-dprd-status", "menunggu")
    expect(page.get_by_role("heading", name="Catat keputusan DPRD")).to_be_visible()
    expect(page.get_by_text("tidak berlaku lagi")).to_be_visible()  # the old refusal
    _decide(page, "disetujui", "2026-11-30", "170/52/DPRD/2026")
    expect(status).to_have_attribute("data-dprd-status", "disetujui")
    expect(page.get_by_text("Keputusan DPRD: disetujui")).to_be_visible()
    page.screenshot(path="/tmp/e2e-dprd-approved.png", full_page=True)
    _step(page, "Lanjut ke: Pertimbangan Menteri", "2026-12-01")
    expect(current).to_have_attribute("data-stage", "pertimbangan_menteri")

    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.dprd_received_on == dt.date(2026, 11, 24)
    assert agreement.dprd_status == "disetujui"
    assert list(agreement.dprd_decisions.order_by("id").values_list("decision", "superseded")) == [
        ("ditolak", True),
        ("disetujui", False),
    ]
    assert agreement.conditions.filter(confirmed=True, user=staf).count() == 5
    assert agreement.targets == "Dua program pertukaran pelajar per tahun."
