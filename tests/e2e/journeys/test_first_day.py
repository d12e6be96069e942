"""Staf's first day: import the old Excel register (dry run, fix, import), find a phrase inside a
signed PDF through the document search, export the filtered list to Excel."""

from __future__ import annotations

import io
import re

import openpyxl
from playwright.sync_api import expect

from tests.e2e.journeys.conftest import JOURNEY, flash
from tests.e2e.journeys.steps import open_agreement, upload_file

pytestmark = JOURNEY


def _fill_register(template: bytes, rows: list[dict]) -> bytes:
    """What the office does in Excel: keep the header row, replace the example by its rows."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


OLD_REGISTER = [
    {"nomor": "LAMA/2016/0031", "judul": "Pengelolaan terminal agropolitan bersama",
     "jenis": "KSDD", "mitra": "Pemerintah Kabupaten Kediri", "kode_daerah": "35.06",
     "tanggal_mulai": "2016-05-02", "tanggal_berakhir": "2021-05-01", "tahapan": "selesai",
     "jenis_naskah": "pks", "nomor_naskah": "119/PKS/2016", "tanggal_tanda_tangan": "2016-04-20"},
    {"nomor": "LAMA/2017/0007", "judul": "Pertukaran pelajar dengan Gemeente Arnhem",
     "jenis": "KSDPLX", "mitra": "Gemeente Arnhem", "kode_negara": "NL",
     "tanggal_mulai": "2017-08-01", "tanggal_berakhir": "2027-07-31", "tahapan": "pelaksanaan"},
]  # fmt: skip


def test_staf_imports_the_old_register_with_a_dry_run_first(open_as, world):
    page = open_as("staf", "/")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Impor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor register kerja sama lama")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh templat XLSX").click()
    template = download.value.path().read_bytes()

    # Dry run with a typo in a kind: the row is named, nothing is saved.
    page.get_by_label("Berkas register (XLSX atau CSV)").set_input_files(
        {"name": "register-lama.xlsx", "mimeType": "application/octet-stream",
         "buffer": _fill_register(template, OLD_REGISTER)}
    )  # fmt: skip
    page.get_by_role("button", name="Unggah dan uji coba").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor tidak dapat dijalankan")
    expect(page.locator("#kesalahan-impor")).to_contain_text("Baris 3, kolom jenis")
    expect(page.get_by_role("button", name=re.compile("^Impor "))).to_have_count(0)

    # Fixed and uploaded again: the dry run offers to import both rows.
    fixed = [dict(row) for row in OLD_REGISTER]
    fixed[1]["jenis"] = "KSDPL"
    page.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    page.get_by_label("Berkas register (XLSX atau CSV)").set_input_files(
        {"name": "register-lama.xlsx", "mimeType": "application/octet-stream",
         "buffer": _fill_register(template, fixed)}
    )  # fmt: skip
    page.get_by_role("button", name="Unggah dan uji coba").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uji coba impor")
    expect(page.locator("tbody .badge", has_text="akan dibuat")).to_have_count(2)
    page.get_by_role("button", name="Impor 2 kerja sama").click()
    flash(page, "Impor selesai: 2 kerja sama dicatat")

    # The new numbers link to the agreements.
    result = page.locator("section[aria-labelledby=judul-hasil-impor]")
    links = result.get_by_role("link", name=re.compile(r"^KS\/\d{4}\/\d{4}$"))
    expect(links).to_have_count(2)
    expect(result).to_contain_text("Pertukaran pelajar dengan Gemeente Arnhem")
    result.get_by_role("link", name=re.compile(r"^KS\/2017\/")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pertukaran pelajar dengan Gemeente Arnhem"
    )
    expect(page.locator("header .badge", has_text="Dicatat setelah kejadian")).to_be_visible()
    expect(page.locator("section[aria-labelledby=judul-data]")).to_contain_text("LAMA/2017/0007")


def _pdf_with_text(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>Perjanjian kerja sama</h1><p>Pasal 7. {text}</p>").write_pdf()


def test_staf_finds_a_phrase_inside_a_signed_pdf(open_as):
    page = open_as("staf", None)
    open_agreement(page, "Penyediaan air minum lintas wilayah Kota Malang")
    upload_file(
        page,
        doc_label="Perjanjian kerja sama",
        title="PKS air minum (pindaian)",
        filename="pks-air-minum.pdf",
        content=_pdf_with_text("Para pihak menanggung biaya pemeliharaan pipa transmisi Wendit."),
    )
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Cari").click()
    page.get_by_label("Kata kunci").fill("pipa transmisi Wendit")
    page.get_by_role("button", name="Cari", exact=True).click()
    hit = page.locator("li.card", has_text="Penyediaan air minum lintas wilayah Kota Malang")
    expect(hit).to_be_visible()
    expect(hit.locator(".search-snippets")).to_contain_text("Dokumen: PKS air minum (pindaian)")
    expect(hit.locator(".search-snippets")).to_contain_text("Wendit")
    hit.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Penyediaan air minum lintas wilayah Kota Malang"
    )


def test_staf_exports_the_filtered_list_to_excel(open_as):
    page = open_as("staf", "/kerja-sama/")
    page.get_by_label("Jenis", exact=True).select_option("KSDPK")
    page.get_by_role("button", name="Terapkan").click()
    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    shown = sorted(rows.locator("td:first-child a").all_inner_texts())
    assert shown
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.values)
    header = [str(v).lower() for v in values[0]]
    number_col = next(i for i, v in enumerate(header) if v.startswith("nomor"))
    kind_col = next(i for i, v in enumerate(header) if v.startswith("jenis"))
    exported = sorted(str(row[number_col]) for row in values[1:] if row[number_col])
    assert exported == shown
    assert {row[kind_col] for row in values[1:] if row[number_col]} == {"KSDPK"}
