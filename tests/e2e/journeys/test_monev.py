"""Staf (Pengendalian dan Evaluasi) sets next year's Renja target and scores an evaluation with its
evidence; the pages show both afterwards. (The annual monev PDF: test_reports_roles_public.)"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.journeys.conftest import JOURNEY, flash
from tests.e2e.journeys.steps import open_agreement

pytestmark = JOURNEY


def test_staf_sets_a_renja_target(open_as):
    page = open_as("staf", "/monev/target/")
    form = page.locator("form", has=page.get_by_role("button", name="Simpan target"))
    form.get_by_role("combobox", name="Indikator", exact=True).select_option(
        label="Fasilitasi dan koordinasi kerja sama antar daerah"
    )
    form.get_by_role("spinbutton", name="Tahun", exact=True).fill("2031")
    form.get_by_role("textbox", name="Target", exact=True).or_(
        form.get_by_role("spinbutton", name="Target", exact=True)
    ).fill("14")
    form.get_by_label("Pagu anggaran (Rp)").fill("405282000")
    form.get_by_label("Catatan / sumber").fill("Renja 2031")
    form.get_by_role("button", name="Simpan target").click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    row = page.locator("section[aria-labelledby=judul-target] tbody tr", has_text="Renja 2031")
    expect(row).to_contain_text("2031")
    expect(row).to_contain_text("405.282.000")


def test_staf_scores_an_evaluation_with_evidence(open_as):
    page = open_as("staf", None)
    open_agreement(page, "Sistem informasi pelayanan publik terpadu dengan Kabupaten Bekasi")
    page.get_by_role("link", name="Tambah evaluasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi kerja sama")
    for label, score in (("Relevansi", "5 – sangat baik"), ("Efektivitas", "4 – baik"),
                         ("Efisiensi", "3 – cukup"), ("Dampak", "4 – baik"),
                         ("Keberlanjutan", "4 – baik")):  # fmt: skip
        page.get_by_role("combobox", name=label, exact=True).select_option(label=score)
    page.get_by_label("Hambatan").fill("Jaringan di kecamatan timur belum stabil.")
    evidence = page.locator("fieldset", has_text="Dokumen bukti").get_by_role("checkbox").first
    evidence.check()
    evidence_title = page.locator(f"label[for='{evidence.get_attribute('id')}']").inner_text()
    page.get_by_role("button", name="Simpan evaluasi").click()
    flash(page, re.compile(r"Evaluasi KS/2025/0003 disimpan\."))
    main = page.locator("main")
    expect(main).to_contain_text("rata-rata 4,0")
    expect(main).to_contain_text("Hambatan: Jaringan di kecamatan timur belum stabil.")
    expect(main).to_contain_text(evidence_title.strip())
