"""Browser journey: a university proposes a cooperation online, follows it by its code, revises
it when asked, and sees it accepted; staff review it and the new agreement carries it all."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CHECKS = (
    "Objek merupakan urusan pemerintahan yang menjadi kewenangan daerah",
    "Sesuai dengan RPJMD dan Renstra perangkat daerah",
    "Memberi manfaat nyata bagi daerah dan masyarakat",
    "Kapasitas pelaksana dan sumber pembiayaan jelas",
    "Kedudukan hukum (legalitas) pengusul jelas",
    "Risiko (hukum, keuangan, sosial) telah dikenali dan dapat dikelola",
)


def track(proposer, base: str, code: str):
    proposer.goto(f"{base}/usulan/lacak/")
    proposer.get_by_label("Kode pelacakan").fill(code)
    proposer.get_by_role("button", name="Lihat status").click()
    return proposer.get_by_test_id("proposal-status")


def test_university_proposal_from_submission_to_agreement(
    login_as, page, live_server, browser, browser_context_args
):
    from agreements.models import Agreement
    from proposals.models import Proposal
    from tests.factories import UserFactory

    cache.clear()  # the rate limit counts per address in the local-memory cache
    base = live_server.url
    proposer = browser.new_context(**browser_context_args).new_page()

    # 1. The university submits its proposal with a PDF, without logging in.
    proposer.goto(f"{base}/usulan/")
    proposer.screenshot(path="/tmp/e2e-usulan-form.png", full_page=True)
    expect(
        proposer.get_by_role("heading", name=re.compile("Usulan kerja sama dengan"))
    ).to_be_visible()
    proposer.get_by_label("Jenis pengusul").select_option("pihak_ketiga")
    proposer.get_by_label("Nama instansi/lembaga pengusul").fill("Universitas Brawijaya")
    proposer.get_by_label("Jenis pihak ketiga").select_option("perguruan_tinggi")
    proposer.get_by_label("Nama narahubung").fill("Dr. Sari Wulandari")
    proposer.get_by_label("Surel narahubung").fill("sari@ub.example.ac.id")
    proposer.get_by_label("Telepon narahubung").fill("+62 341 551611")
    proposer.get_by_label("Jenis kerja sama yang diusulkan").select_option("KSDPK")
    proposer.get_by_label("Judul usulan").fill("Pendampingan desa wisata berbasis riset")
    proposer.get_by_label("Objek kerja sama").fill("Pendampingan 10 desa wisata.")
    proposer.get_by_label("Ruang lingkup").fill("Pelatihan, kajian potensi, promosi bersama.")
    proposer.get_by_label("Manfaat bagi daerah dan masyarakat").fill("Kunjungan wisata naik.")
    proposer.get_by_label("Rencana pembiayaan").fill("Hibah riset universitas.")
    proposer.get_by_label(re.compile(r"Lampiran \(paling banyak")).set_input_files(
        files=[{"name": "proposal-ub.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    proposer.get_by_role("button", name="Kirim usulan").click()
    expect(proposer.get_by_role("heading", name="Usulan terkirim")).to_be_visible()
    code = proposer.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert code in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["sari@ub.example.ac.id"]
    proposer.screenshot(path="/tmp/e2e-usulan-terkirim.png")

    # 2. It follows the proposal by its code.
    status = track(proposer, base, code)
    expect(status).to_contain_text("Diajukan")
    expect(status).to_contain_text("Pendampingan desa wisata berbasis riset")

    # 3. Staff review it and ask for a revision.
    staf = UserFactory(username="dewi.pengkaji", role="staf_kerja_sama")
    login_as(staf)
    expect(page.get_by_test_id("proposals-waiting")).to_have_text("1")
    page.get_by_role("link", name="Usulan Masuk", exact=True).click()
    expect(page.get_by_test_id("count-diajukan")).to_contain_text("1")
    page.screenshot(path="/tmp/e2e-usulan-antrean.png")
    page.get_by_role("link", name="Pendampingan desa wisata berbasis riset").click()
    page.screenshot(path="/tmp/e2e-usulan-kajian.png", full_page=True)
    page.get_by_role("button", name="Mulai kaji").click()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Sedang dikaji")
    page.get_by_label(CHECKS[3], exact=True).select_option("tidak")
    page.get_by_label("Perlu perbaikan oleh pengusul").check()
    page.get_by_label("Catatan untuk pengusul").fill("Rinci pembiayaan per tahun anggaran.")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Perlu perbaikan")

    # 4. The proposer sees the note and sends a revision under the same code.
    status = track(proposer, base, code)
    expect(status).to_contain_text("Perlu perbaikan")
    expect(status).to_contain_text("Rinci pembiayaan per tahun anggaran.")
    expect(proposer.get_by_label("Judul usulan")).to_have_value(
        "Pendampingan desa wisata berbasis riset"
    )
    proposer.get_by_label("Rencana pembiayaan").fill("2027: hibah Rp 100 juta; 2028: Rp 150 juta.")
    proposer.screenshot(path="/tmp/e2e-usulan-perbaikan.png", full_page=True)
    proposer.get_by_role("button", name="Kirim perbaikan").click()
    expect(proposer.get_by_text("Perbaikan usulan telah dikirim.")).to_be_visible()
    expect(proposer.get_by_test_id("proposal-status")).to_contain_text("Diajukan")

    # 5. Staff accept it: the agreement is registered at the first KSDPK stage.
    page.reload()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Diajukan")
    expect(page.get_by_test_id("proposal-history")).to_contain_text("Perbaikan dikirim pengusul")
    for label in CHECKS:
        page.get_by_label(label, exact=True).select_option("ya")
    page.get_by_label("Diterima: daftarkan sebagai prakarsa kerja sama").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(
        page.get_by_role("heading", name="Pendampingan desa wisata berbasis riset")
    ).to_be_visible()
    expect(page.get_by_test_id("agreement-proposal")).to_contain_text(code)
    expect(page.locator("body")).to_contain_text("proposal-ub.pdf")
    expect(page.locator("body")).to_contain_text("Universitas Brawijaya")
    page.screenshot(path="/tmp/e2e-usulan-kerja-sama.png", full_page=True)

    agreement = Agreement.objects.get()
    proposal = Proposal.objects.get(tracking_code=code)
    assert page.url == f"{base}/kerja-sama/{agreement.pk}/"
    assert agreement.kind == "KSDPK"
    assert agreement.stage == "persiapan"
    assert proposal.agreement == agreement
    assert proposal.status == "diterima"
    assert agreement.financing_source.startswith("2027: hibah")
    partner = agreement.partners.get()
    assert partner.name == "Universitas Brawijaya"
    assert partner.partner_type == "pihak_ketiga"
    document = agreement.documents.get()
    assert document.filename == "proposal-ub.pdf"
    assert proposal.attachments.get().document == document
    assert agreement.field_changes.filter(field="usulan").exists()

    # 6. The proposer sees "diterima", and nothing of the agreement.
    status = track(proposer, base, code)
    expect(status).to_contain_text("Diterima")
    assert agreement.number not in proposer.content()
    assert "/lampiran/" not in proposer.content()
    proposer.screenshot(path="/tmp/e2e-usulan-diterima.png")
