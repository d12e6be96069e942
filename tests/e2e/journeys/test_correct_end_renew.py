"""Staf corrects an agreement (title, Rahasia, a colleague's newer edit), ends one with its reason,
cancels a stalled one, and renews an expiring one from the old agreement."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.journeys.conftest import JOURNEY, flash
from tests.e2e.journeys.steps import open_agreement, register

pytestmark = JOURNEY


def test_staf_edits_title_and_rahasia_and_resolves_a_version_conflict(open_as):
    mine = open_as("staf", None)
    register(mine, title="Pengelolaan TPA bersama (draf)", kind="KSDD",
             partner="Pemerintah Kabupaten Blitar (Daerah lain)")  # fmt: skip
    detail = mine.url
    # A colleague opens the same edit form before the first edit is saved.
    colleague = open_as("staf2", detail + "ubah/")
    expect(colleague.get_by_label("Judul kerja sama")).to_have_value(
        "Pengelolaan TPA bersama (draf)"
    )

    mine.get_by_role("link", name="Ubah data").click()
    expect(mine.get_by_label("Jenis kerja sama")).to_be_disabled()  # not sent by the browser
    mine.get_by_label("Judul kerja sama").fill("Pengelolaan TPA regional Blitar–Malang")
    mine.get_by_label("Rahasia (tidak tampil di register publik)").check()
    mine.get_by_role("button", name="Simpan").click()
    flash(mine, re.compile(r"Data kerja sama KS/\d{4}/\d{4} telah diperbarui\."))
    expect(mine.get_by_role("heading", level=1)).to_have_text(
        "Pengelolaan TPA regional Blitar–Malang"
    )
    expect(mine.locator("header .badge", has_text="Rahasia")).to_be_visible()
    history = mine.locator("section[aria-labelledby=judul-riwayat]")
    expect(history).to_contain_text("Pengelolaan TPA regional Blitar–Malang")

    # The colleague saves her older form: a conflict, her input kept, a link to the newer data.
    colleague.get_by_label("Judul kerja sama").fill("Pengelolaan TPA bersama Blitar")
    colleague.get_by_role("button", name="Simpan").click()
    alert = colleague.get_by_role("alert")
    expect(alert).to_contain_text("Isian Anda di bawah ini tidak hilang.")
    expect(alert.get_by_role("link", name="Lihat data terbaru (tab baru)")).to_be_visible()
    expect(colleague.get_by_label("Judul kerja sama")).to_have_value(
        "Pengelolaan TPA bersama Blitar"
    )
    # She checks the newer data, keeps Rahasia as her colleague set it, and saves deliberately.
    colleague.get_by_label("Rahasia (tidak tampil di register publik)").check()
    colleague.get_by_role("button", name="Simpan").click()
    flash(colleague, "telah diperbarui")
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Pengelolaan TPA bersama Blitar")
    expect(colleague.locator("header .badge", has_text="Rahasia")).to_be_visible()

    mine.reload()
    expect(mine.get_by_role("heading", level=1)).to_have_text("Pengelolaan TPA bersama Blitar")


def test_staf_ends_an_agreement_with_its_reason(open_as):
    page = open_as("staf", None)
    open_agreement(page, "Pemasaran bersama produk UMKM Blitar–Malang")
    section = page.locator("section[aria-labelledby=judul-akhir]")
    section.get_by_label("Alasan berakhir (PP 28/2018 Ps. 9)").select_option(
        label="Tujuan telah tercapai"
    )
    section.get_by_label("Catatan").fill("Seluruh kegiatan pemasaran telah terlaksana.")
    section.get_by_role("button", name="Tandai selesai").click()
    flash(page, "Tahapan kerja sama kini: Selesai.")
    steps = page.locator("section[aria-labelledby=judul-langkah]")
    expect(steps).to_contain_text("berstatus selesai")
    expect(steps).to_contain_text("Alasan: Tujuan telah tercapai.")
    expect(page.get_by_role("button", name=re.compile("^Lanjut ke:"))).to_have_count(0)
    expect(page.locator("section[aria-labelledby=judul-riwayat]")).to_contain_text(
        "Tujuan telah tercapai"
    )


def test_staf_cancels_a_stalled_agreement(open_as):
    page = open_as("staf", None)
    open_agreement(page, "Konservasi hulu DAS Brantas dengan Kabupaten Mojokerto")
    section = page.locator("section[aria-labelledby=judul-akhir]")
    # Without a reason the page says what is missing and keeps the form.
    section.get_by_role("button", name="Batalkan kerja sama").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    section = page.locator("section[aria-labelledby=judul-akhir]")
    section.get_by_label("Alasan pembatalan").fill("Kabupaten Mojokerto menarik diri dari rencana.")
    section.get_by_role("button", name="Batalkan kerja sama").click()
    flash(page, "Tahapan kerja sama kini: Dibatalkan.")
    expect(page.locator("section[aria-labelledby=judul-langkah]")).to_contain_text(
        "berstatus dibatalkan"
    )
    expect(page.locator("section[aria-labelledby=judul-riwayat]")).to_contain_text(
        "Kabupaten Mojokerto menarik diri"
    )


def test_staf_renews_an_expiring_agreement_from_the_old_one(open_as):
    page = open_as("staf", None)
    open_agreement(page, "Pengelolaan sampah regional di TPA Talangagung")
    old_number = page.locator("header p .fw-semibold").inner_text()
    page.get_by_role("button", name="Lanjutkan / perbarui kerja sama").click()
    flash(page, f"dibuat dari {old_number}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TPA Talangagung")
    new_number = page.locator("header p .fw-semibold").inner_text()
    assert new_number != old_number
    expect(page.locator('.timeline li[aria-current="step"]')).to_contain_text("Persiapan")
    page.get_by_role("link", name="kerja sama sebelumnya").click()
    expect(page.locator("header p .fw-semibold")).to_have_text(old_number)
