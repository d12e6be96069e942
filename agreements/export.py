"""CSV and XLSX export of the staff list (/kerja-sama/ekspor.csv, /kerja-sama/ekspor.xlsx).

Same rows as the filtered list; Indonesian headers; dates ISO (real date cells in XLSX); money as
whole Rupiah integers. Text that a spreadsheet would run as a formula is quoted (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils import timezone

from kerjasama.spreadsheet import XLSX_CONTENT_TYPE

from .models import Agreement

HEADERS = (
    "Nomor registri",
    "Judul",
    "Jenis",
    "Mitra",
    "Urusan",
    "Bidang",
    "Tahapan",
    "Status",
    "Tanggal difasilitasi",
    "Tanggal mulai berlaku",
    "Tanggal berakhir (direncanakan)",
    "Tanggal berakhir sebenarnya",
    "Alasan berakhir",
    "Nilai (Rp)",
    "Perlu persetujuan DPRD",
    "Status DPRD",
    "Batas keputusan DPRD",
    "Perangkat daerah pemrakarsa",
    "Rahasia",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Neutralise a leading formula character so spreadsheets show the text, not a formula."""
    value = value or ""
    return f"'{value}" if value.startswith(FORMULA_START) else value


_text = spreadsheet_text


def rows(agreements: Iterable[Agreement]) -> Iterator[list]:
    """One row per agreement, typed: str, dt.date, int or None (partners/urusan prefetched)."""
    for a in agreements:
        yield [
            a.number,
            _text(a.title),
            a.kind,
            _text("; ".join(p.name for p in a.partners.all())),
            "; ".join(u.code for u in a.urusan.all()),
            a.get_bidang_display() if a.bidang else "",
            a.get_stage_display(),
            a.get_status_display(),
            a.facilitated_on,
            a.start_date,
            a.end_date,
            a.ended_on,
            a.get_end_reason_display() if a.end_reason else "",
            int(a.value_idr) if a.value_idr is not None else None,
            "ya" if a.dprd_required else "tidak",
            a.get_dprd_status_display(),
            a.dprd_deadline,
            _text(a.initiating_unit),
            "ya" if a.confidential else "tidak",
        ]


def _filename(ext: str) -> str:
    return f"kerja-sama-{timezone.localdate():%Y%m%d}.{ext}"


def to_csv(agreements: Iterable[Agreement]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(agreements):
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row]
        )
    # UTF-8 with BOM so that spreadsheet programs read the Indonesian text correctly.
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "private, no-store"  # registry data: no copy in any cache
    return response


def to_xlsx(agreements: Iterable[Agreement]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Kerja sama"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(agreements):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    widths = (16, 50, 8, 40, 16, 14, 30, 12, 14, 14, 14, 14, 26, 16, 10, 14, 30, 8)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    response["Cache-Control"] = "private, no-store"  # registry data: no copy in any cache
    return response
