"""Edge cases of reading an old register: encodings, delimiters, numeric codes, dates, limits."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from agreements.models import Agreement, Partner
from imports import importer
from imports.importer import ImportFileError

pytestmark = pytest.mark.django_db

HEADER = ["judul", "jenis", "mitra", "jenis_mitra", "kode_daerah", "kode_negara", "urusan",
          "tanggal_mulai", "tanggal_berakhir"]  # fmt: skip


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(HEADER), *(delimiter.join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def analyse(content: bytes) -> importer.ImportReport:
    return importer.register_analyse(importer.read_table(content))


def test_cp1252_csv_keeps_accented_partner_names(staf):
    row = ["Pertukaran pelajar", "KSDLL", "Université de Liège", "", "", "BE", "1.01",
           "2020-01-01", "2024-12-31"]  # fmt: skip
    report = importer.register_import(content=csv_bytes([row], encoding="cp1252"), user=staf)
    assert report.done, report.errors
    assert Partner.objects.filter(name="Université de Liège", country_code="BE").exists()


def test_tab_separated_csv_is_read(staf):
    row = ["Air minum", "KSDD", "Pemerintah Kota Batu", "daerah", "35.79", "", "1.03",
           "2021-03-01", "2026-02-28"]  # fmt: skip
    report = analyse(csv_bytes([row], delimiter="\t"))
    assert report.ok, report.errors
    assert report.rows[0].values["title"] == "Air minum"


def test_numeric_codes_typed_by_a_spreadsheet_are_restored(staf):
    """Excel turns 35.70 into 35.7 and 1.10 into 1.1: codes are read back with two decimals."""
    row = ["Pengelolaan sampah", "KSDD", "Pemerintah Kota Malang", "daerah", 35.73, "", 2.11,
           dt.date(2022, 1, 3), dt.date(2027, 1, 2)]  # fmt: skip
    report = analyse(xlsx_bytes([row]))
    assert report.ok, report.errors
    values = report.rows[0].values
    assert values["urusan"] == ["2.11"]
    assert values["partner"]["region_code"] == "35.73"


@pytest.mark.parametrize("text", ["01-07-2019", "01/07/2019", "01.07.2019", "2019-07-01"])
def test_day_first_dates_are_read(text):
    row = ["Kerja sama wisata", "KSDD", "Pemerintah Kota Batu", "daerah", "35.79", "", "3.26",
           text, "2024-06-30"]  # fmt: skip
    report = analyse(csv_bytes([row]))
    assert report.ok, report.errors
    assert report.rows[0].values["start_date"] == dt.date(2019, 7, 1)


def test_an_impossible_date_names_row_and_column():
    row = ["Kerja sama wisata", "KSDD", "Pemerintah Kota Batu", "daerah", "35.79", "", "3.26",
           "31-02-2019", "2024-06-30"]  # fmt: skip
    report = analyse(csv_bytes([row]))
    assert (
        2, "tanggal_mulai", "Tanggal “31-02-2019” tidak valid; gunakan format YYYY-MM-DD atau "
        "DD/MM/YYYY.",
    ) in report.errors  # fmt: skip


def test_a_file_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(ImportFileError, match="terlalu besar"):
        importer.read_table(b"judul,jenis,mitra\n" + b"x" * importer.MAX_BYTES)


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_written(staf):
    row = ["Kerja sama", "KSDD", "Pemerintah Kota Batu", "daerah", "35.79", "", "", "", ""]
    content = csv_bytes([row] * (importer.MAX_ROWS + 1))
    with pytest.raises(ImportFileError, match=str(importer.MAX_ROWS)):
        importer.register_import(content=content, user=staf)
    assert not Agreement.objects.exists()


def test_one_bad_row_writes_nothing_even_after_good_rows(staf):
    good = ["Air minum", "KSDD", "Pemerintah Kota Batu", "daerah", "35.79", "", "1.03",
            "2021-03-01", "2026-02-28"]  # fmt: skip
    bad = ["Air limbah", "KSDD", "Pemerintah Kota Malang", "daerah", "99.99", "", "1.03",
           "2021-03-01", "2026-02-28"]  # fmt: skip
    bad_kind = [*good[:1], "x", *good[2:]]
    report = importer.register_import(content=csv_bytes([good, bad_kind, bad]), user=staf)
    assert not report.done
    assert {(line, column) for line, column, _ in report.errors} == {
        (3, "jenis"),
        (4, "kode_daerah"),
    }
    assert not Agreement.objects.exists()
    assert not Partner.objects.exists()
