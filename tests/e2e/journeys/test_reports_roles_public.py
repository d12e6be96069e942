"""Reports on /laporan/ (each type, opened as PDF), the DPRD member's packets and refusals,
Sekda's Monday dashboards, and the public register with its open data."""

from __future__ import annotations

import csv
import io
import json
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.journeys.conftest import JOURNEY
from tests.e2e.journeys.steps import open_agreement

pytestmark = JOURNEY


def download_pdf(page: Page, link) -> str:
    """Click a download link; the file must be a PDF that opens. Returns its text."""
    with page.expect_download() as download:
        link.click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF"), download.value.suggested_filename
    assert download.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return " ".join(p.extract_text() or "" for p in reader.pages)


def latest_job_row(page: Page):
    return page.locator("#daftar-laporan tbody tr").first


def test_staf_requests_every_report_and_opens_the_pdfs(open_as):
    page = open_as("staf", "/laporan/")
    # Laporan monev tahunan.
    page.get_by_label("Tahun").first.fill("2025")
    page.get_by_role("button", name="Buat laporan monev").click()
    row = latest_job_row(page)
    expect(row).to_contain_text("tahun 2025")
    expect(row.get_by_role("link", name=re.compile("^Unduh PDF"))).to_be_visible()
    text = download_pdf(page, row.get_by_role("link", name=re.compile("^Unduh PDF")))
    assert "2025" in text, text[:500]
    assert "Tabel 2.1" in text, text[:500]

    # Laporan pengawasan (Menteri dan Gubernur), all four kinds.
    form = page.locator("form[action$='/laporan/pengawas/']")
    form.get_by_label("Tahun").fill("2025")
    for kind in ("KSDD", "KSDPK", "KSDPL", "KSDLL"):
        form.get_by_label(kind, exact=True).check()
    form.get_by_role("button", name="Buat laporan pengawasan").click()
    row = latest_job_row(page)
    expect(row.get_by_role("link", name=re.compile("^Unduh PDF"))).to_be_visible()
    text = download_pdf(page, row.get_by_role("link", name=re.compile("^Unduh PDF")))
    assert "Gemeente Arnhem" in text or "Braunschweig" in text, text[:500]

    # Lembar kerja sama, from the agreement's page.
    open_agreement(page, "Penyediaan air minum lintas wilayah Kota Malang")
    page.get_by_role("button", name="Cetak lembar (PDF)").click()
    expect(page).to_have_url(re.compile("/laporan/$"))
    row = latest_job_row(page)
    expect(row).to_contain_text("Penyediaan air minum lintas wilayah")
    expect(row.get_by_role("link", name=re.compile("^Unduh PDF"))).to_be_visible()
    text = download_pdf(page, row.get_by_role("link", name=re.compile("^Unduh PDF")))
    assert "Penyediaan air minum lintas wilayah Kota Malang" in " ".join(text.split())


def test_dprd_member_downloads_each_packet_and_is_refused_elsewhere(open_as):
    page = open_as("dprd", "/")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("link", name="Monev")).to_have_count(0)
    nav.get_by_role("link", name="Berkas DPRD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berkas persetujuan DPRD")
    rows = page.locator("#berkas-dprd tbody tr")
    titles = ["Kota kembar Kabupaten Malang – Gemeente Arnhem",
              "Integrasi transportasi publik Malang Raya"]  # fmt: skip
    for title in titles:
        row = rows.filter(has_text=title)
        expect(row).to_have_count(1)
        if "transportasi" in title:
            expect(row).to_contain_text("Pemerintah Kota Batu; Pemerintah Kota Malang")
        row.get_by_role("button", name=re.compile("^(Buat|Perbarui) berkas")).click()
        row = page.locator("#berkas-dprd tbody tr").filter(has_text=title)
        link = row.get_by_role("link", name=re.compile("^Unduh berkas"))
        expect(link).to_be_visible()
        text = " ".join(download_pdf(page, link).split())
        assert title in text, text[:500]

    # Elsewhere: the product's 403 page, with the way back.
    for path in ("/monev/", "/kerja-sama/baru/", "/laporan/pengawasan/", "/impor/"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
        expect(page.get_by_role("link", name="Kembali ke beranda")).to_be_visible()
        expect(page.locator("nav.navbar")).to_be_visible()  # the product's layout, not a bare page


def test_sekda_monday_dashboards(open_as):
    page = open_as("sekda", "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beranda")
    iku = page.get_by_test_id("kpi-iku")
    expect(iku).to_contain_text("Target 80")
    expect(page.get_by_test_id("awaiting-dprd")).not_to_have_text("0")
    page.get_by_role("link", name="Buka dasbor monev").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dasbor Monev")
    expect(page.get_by_role("heading", name="Indikator Kinerja Utama")).to_be_visible()
    pipeline = page.locator("table", has=page.locator("caption", has_text="per tahapan dan jenis"))
    expect(pipeline).to_contain_text("Pelaksanaan")
    dprd = page.locator("section[aria-labelledby=judul-dprd]")
    expect(dprd).to_contain_text("Kota kembar Kabupaten Malang – Gemeente Arnhem")
    expect(dprd).to_contain_text("Integrasi transportasi publik Malang Raya")
    expiring = page.locator("section[aria-labelledby=judul-berakhir]")
    expect(expiring).to_contain_text("Pengembangan kawasan agropolitan Mojokerto–Malang")
    # From the dashboard to the agreement that is stuck at DPRD.
    dprd.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=2, name="Persetujuan DPRD")).to_be_visible()
    # Sekda reads, does not edit.
    expect(page.get_by_role("link", name="Ubah data")).to_have_count(0)


def test_citizen_searches_the_public_register_and_downloads_open_data(open_as):
    page = open_as("anon", "/publik/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register publik kerja sama daerah")
    table = page.get_by_role("table", name=re.compile("kerja sama$"))
    expect(table).to_contain_text("Riset pengelolaan air dan sanitasi dengan TU Braunschweig")
    expect(table).not_to_contain_text("Kartu kredit pemerintah daerah")  # Rahasia
    expect(table).not_to_contain_text("Kota kembar Kabupaten Malang")  # not signed yet
    page.get_by_label("Cari").fill("Braunschweig")
    page.get_by_role("button", name="Cari").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert any("Technische Universität Braunschweig" in cell for cell in rows[1])
    response = page.request.get(page.get_by_role("link", name="JSON").get_attribute("href"))
    data = json.loads(response.body())
    items = data["results"] if isinstance(data, dict) else data
    assert [item["title"] for item in items] == [
        "Riset pengelolaan air dan sanitasi dengan TU Braunschweig"
    ]


def test_partner_countries_are_named_in_indonesian(open_as):
    page = open_as("staf", "/mitra/")
    expect(page.locator("tbody tr", has_text="Gemeente Arnhem")).to_contain_text("Belanda")
    expect(page.locator("tbody tr", has_text="Braunschweig")).to_contain_text("Jerman")
    page.goto("/mitra/baru/")
    country = page.get_by_label("Negara (untuk mitra luar negeri)")
    country.select_option(label="Jerman")
    expect(country).to_have_value("DE")
    expect(country.locator("option[value=US]")).to_have_text("Amerika Serikat")
