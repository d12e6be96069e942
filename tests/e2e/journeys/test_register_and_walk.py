"""Staf registers each kind and walks it to pelaksanaan, doing what each blocked step asks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys.conftest import JOURNEY
from tests.e2e.journeys.steps import register, walk_to

pytestmark = JOURNEY

PARTNERS = {
    "KSDD": "Pemerintah Kabupaten Pasuruan (Daerah lain)",
    "KSDPK": "Perumda Air Minum Tirta Kanjuruhan (Pihak ketiga)",
    "KSDPL": "Gemeente Arnhem (Pemerintah daerah luar negeri)",
    "KSDLL": "Technische Universität Braunschweig (Lembaga luar negeri)",
}
TITLES = {
    "KSDD": "Pengelolaan persampahan regional Pasuruan",
    "KSDPK": "Penyediaan air minum bersama Perumda",
    "KSDPL": "Kota kembar dengan Arnhem",
    "KSDLL": "Riset pertanian dengan TU Braunschweig",
}


@pytest.mark.parametrize("kind", ["KSDD", "KSDPK", "KSDPL", "KSDLL"])
def test_staf_registers_and_walks_to_pelaksanaan(open_as, kind):
    page = open_as("staf", "/kerja-sama/")
    # KSDPK burdens the public here, so DPRD must approve it; KSDD is budgeted and does not.
    register(page, title=TITLES[kind], kind=kind, partner=PARTNERS[kind],
             burdens_public=kind == "KSDPK")  # fmt: skip
    badges = page.locator("header")
    if kind == "KSDD":
        expect(badges.get_by_text("Perlu persetujuan DPRD")).to_have_count(0)
    else:
        expect(badges.get_by_text("Perlu persetujuan DPRD")).to_be_visible()

    passed = walk_to(page, "Pelaksanaan", serial=f"{kind}-1")

    assert passed[-1] == "Pelaksanaan"
    expect(page.locator(".timeline li.done")).to_have_count(len(passed))
    dprd_step = page.locator('.timeline li[data-stage="persetujuan_dprd"]')
    if kind == "KSDD":
        # DPRD approval was not needed: the step is shown as skipped, no decision form.
        expect(dprd_step).to_have_class("skipped")
        expect(dprd_step).to_contain_text("dilewati")
        assert "Persetujuan DPRD" not in passed
    else:
        expect(dprd_step).to_have_class("done")
        expect(page.locator("section[aria-labelledby=judul-dprd]")).to_contain_text("Disetujui")
    expect(page.get_by_text("Tahapan: Pelaksanaan")).to_be_visible()
    # The signed naskah are listed with their documents.
    naskah = page.locator("section[aria-labelledby=judul-naskah] tbody tr")
    expect(naskah.first).to_be_visible()
    history = page.locator("section[aria-labelledby=judul-riwayat]")
    expect(history).to_contain_text("Pelaksanaan")
