"""The downloadable import template: the register sheet and the sheets explaining every code."""

from __future__ import annotations

import io

from agreements import stages
from agreements.choices import KIND_PARTNER_TYPE, Kind, NaskahType, Stage, Status, ThirdPartyType
from agreements.models import Region, Urusan

from .columns import COLUMN_NAMES, COLUMNS

EXAMPLE_ROW = {
    "nomor": "180/12/35.07.011/2019",
    "judul": "Pengelolaan sampah regional",
    "jenis": "KSDD",
    "mitra": "Pemerintah Kabupaten Pasuruan",
    "jenis_mitra": "daerah",
    "kode_daerah": "35.14",
    "urusan": "1.03;2.11",
    "tanggal_fasilitasi": "2019-02-04",
    "tanggal_mulai": "2019-07-01",
    "tanggal_berakhir": "2024-06-30",
    "tahapan": "pelaksanaan",
    "status": "aktif",
    "jenis_naskah": "pks",
    "nomor_naskah": "119/PKS/2019",
    "tanggal_tanda_tangan": "2019-06-20",
}

#: Columns formatted as text, so the spreadsheet does not turn the code 1.10 into 1.1.
TEXT_COLUMNS = frozenset(
    {"nomor", "kode_daerah", "urusan", "nomor_naskah"}
    | {name for name in COLUMN_NAMES if name.startswith("tanggal_")}
)


def template_workbook() -> bytes:
    """The import template: header + example row, and a sheet explaining every code."""
    from openpyxl import Workbook

    workbook = Workbook()
    _register_sheet(workbook.active)
    _codes_sheet(workbook.create_sheet("Penjelasan kode"))
    _regions_sheet(workbook.create_sheet("Kode daerah"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _bold_header(sheet) -> None:
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _register_sheet(sheet) -> None:
    """The sheet to fill in: the column names, the example row, codes and dates as text."""
    sheet.title = "Register"
    sheet.append(list(COLUMN_NAMES))
    sheet.append([EXAMPLE_ROW.get(name, "") for name in COLUMN_NAMES])
    _bold_header(sheet)
    for index, name in enumerate(COLUMN_NAMES, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(name) + 4)
        if name in TEXT_COLUMNS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"


def _code_rows() -> list[tuple[str, list[list[str]]]]:
    """(section title, rows of [code, note, label]) for every code list the columns use."""
    stage_rows = [
        [
            stage,
            "KSDD, KSDPK dan SINERGI" if kind == Kind.KSDD else "KSDPL dan KSDLL",
            Stage(stage).label,
        ]
        for kind in (Kind.KSDD, Kind.KSDPL)
        for stage in (*stages.stages_of(kind), *stages.TERMINAL)
    ]
    return [
        (
            "Jenis kerja sama (jenis) dan jenis mitra (jenis_mitra)",
            [[kind.value, KIND_PARTNER_TYPE[kind].value, kind.label] for kind in Kind],
        ),
        (
            "Jenis pihak ketiga (jenis_pihak_ketiga)",
            [[item.value, "", item.label] for item in ThirdPartyType],
        ),
        ("Tahapan (tahapan) per jenis kerja sama", stage_rows),
        ("Status (status)", [[item.value, "", item.label] for item in Status]),
        (
            "Jenis naskah (jenis_naskah)",
            [[item.value, "", item.label] for item in (NaskahType.KB, NaskahType.PKS)],
        ),
        (
            "Urusan pemerintahan (urusan)",
            [[code, "", name] for code, name in Urusan.objects.values_list("code", "name")],
        ),
    ]


def _codes_sheet(codes) -> None:
    """Every column explained, then each list of codes under a bold title."""
    from openpyxl.styles import Font

    codes.append(["Kolom", "Wajib", "Keterangan"])
    _bold_header(codes)
    for name, required, text in COLUMNS:
        codes.append([name, "ya" if required else "tidak", text])
    for title, rows in _code_rows():
        codes.append([])
        codes.append([title])
        codes.cell(row=codes.max_row, column=1).font = Font(bold=True)
        for row in rows:
            codes.append(row)
    codes.column_dimensions["A"].width = 30
    codes.column_dimensions["B"].width = 18
    codes.column_dimensions["C"].width = 90


def _regions_sheet(regions) -> None:
    regions.append(["kode_daerah", "nama", "tingkat"])
    _bold_header(regions)
    for code, name, level in Region.objects.values_list("code", "name", "level"):
        regions.append([code, name, level])
    regions.column_dimensions["A"].width = 14
    regions.column_dimensions["B"].width = 45
