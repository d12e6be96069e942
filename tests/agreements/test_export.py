"""CSV and XLSX export of the filtered staff list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from agreements.choices import Kind
from agreements.export import HEADERS
from tests.factories import make_agreement, partner_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(staf):
    pasuruan = partner_for(Kind.KSDD, name="Pemerintah Kabupaten Pasuruan")
    batu = partner_for(Kind.KSDD, name="Pemerintah Kota Batu")
    waste = make_agreement(
        title="Pengelolaan persampahan regional",
        partners=[pasuruan, batu],
        urusan=["2.11", "1.03"],
        value_idr=624_558_000,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2031, 3, 31),
        user=staf,
    )
    formula = make_agreement(title='=HYPERLINK("http://evil")', value_idr=None)
    kpk = make_agreement(kind=Kind.KSDPK, title="Parkir elektronik", value_idr=1_000)
    return waste, formula, kpk


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="kerja-sama-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_indonesian_headers_iso_dates_and_integer_values(client, staf, agreements):
    waste, formula, _kpk = agreements
    client.force_login(staf)
    rows = _csv_rows(client.get("/kerja-sama/ekspor.csv?urut=number"))
    assert rows[0] == list(HEADERS)
    assert rows[0][:3] == ["Nomor registri", "Judul", "Jenis"]
    assert len(rows) == 4
    by_number = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    row = by_number[waste.number]
    assert row["Judul"] == "Pengelolaan persampahan regional"
    assert row["Jenis"] == "KSDD"
    assert row["Mitra"] == "Pemerintah Kabupaten Pasuruan; Pemerintah Kota Batu"
    assert row["Urusan"] == "1.03; 2.11"
    assert row["Tahapan"] == "Persiapan"
    assert row["Status"] == "Aktif"
    assert row["Tanggal difasilitasi"] == "2026-03-02"
    assert row["Tanggal mulai berlaku"] == "2026-04-01"
    assert row["Tanggal berakhir (direncanakan)"] == "2031-03-31"
    assert row["Nilai (Rp)"] == "624558000"
    assert row["Perlu persetujuan DPRD"] == "tidak"
    # A title that looks like a formula is quoted so spreadsheets do not run it.
    assert by_number[formula.number]["Judul"] == '\'=HYPERLINK("http://evil")'
    assert by_number[formula.number]["Nilai (Rp)"] == ""


def test_csv_uses_the_list_filters(client, staf, agreements):
    waste, _formula, kpk = agreements
    client.force_login(staf)
    rows = _csv_rows(client.get("/kerja-sama/ekspor.csv?jenis=KSDPK"))
    assert [r[0] for r in rows[1:]] == [kpk.number]
    rows = _csv_rows(client.get("/kerja-sama/ekspor.csv?q=Batu"))
    assert [r[0] for r in rows[1:]] == [waste.number]
    rows = _csv_rows(client.get("/kerja-sama/ekspor.csv?tahun=1999"))
    assert rows == [list(HEADERS)]


def test_list_page_links_to_exports_with_its_filters(client, staf, agreements):
    client.force_login(staf)
    html = client.get("/kerja-sama/?jenis=KSDD&halaman=1").content.decode()
    assert 'href="/kerja-sama/ekspor.csv?jenis=KSDD"' in html
    assert 'href="/kerja-sama/ekspor.xlsx?jenis=KSDD"' in html


def test_xlsx_opens_with_typed_cells(client, staf, agreements):
    waste, formula, _kpk = agreements
    client.force_login(staf)
    response = client.get("/kerja-sama/ekspor.xlsx?jenis=KSDD&urut=number")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == sorted([waste.number, formula.number])
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row["Nilai (Rp)"] == 624_558_000
    assert isinstance(row["Nilai (Rp)"], int)
    assert row["Tanggal berakhir (direncanakan)"].date() == dt.date(2031, 3, 31)
    assert row["Tanggal difasilitasi"].date() == dt.date(2026, 3, 2)
    title_cell = sheet.cell(row=3, column=2)
    assert title_cell.data_type == "s"  # text, never a formula
    assert title_cell.value.startswith("'=")


def test_dprd_export_contains_only_dprd_agreements(client, dprd_user):
    needs = make_agreement(title="Perlu DPRD", burdens_public=True)
    make_agreement(title="Tanpa DPRD")
    client.force_login(dprd_user)
    rows = _csv_rows(client.get("/kerja-sama/ekspor.csv"))
    assert [r[0] for r in rows[1:]] == [needs.number]


def test_export_refused_without_role(client, nobody):
    client.force_login(nobody)
    assert client.get("/kerja-sama/ekspor.csv").status_code == 403
    assert client.get("/kerja-sama/ekspor.xlsx").status_code == 403
