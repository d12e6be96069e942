"""Reading an uploaded XLSX or CSV file into rows of the register's columns, within limits."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from .columns import COLUMN_NAMES, REQUIRED, ImportFileError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
#: Columns read per row: the template has 20; anything past this is ignored (CSV with a million
#: header columns, XLSX whose dimension claims column XFD).
MAX_COLUMNS = 64
#: Rows looked at, blank ones included, before giving up (a sheet of a million empty rows).
MAX_SCANNED_ROWS = MAX_ROWS * 4
#: Uncompressed size of one XLSX part (sheet, shared strings) and number of shared strings:
#: a 0.66 MB file of shared strings inflated to 500 MB in memory.
MAX_XLSX_PART_BYTES = 24 * 1024 * 1024
MAX_SHARED_STRINGS = 200_000


def _header(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


_TOO_MANY_LINES = (
    f"Berkas berisi terlalu banyak baris (termasuk baris kosong; paling banyak "
    f"{MAX_SCANNED_ROWS}). Hapus baris kosong atau bagi menjadi beberapa berkas."
)
_TOO_BIG_XLSX = (
    "Berkas XLSX terlalu besar untuk diimpor (isi lembar kerja melebihi batas). Hapus baris, "
    "kolom, atau sel kosong yang tidak dipakai, atau simpan sebagai CSV UTF-8."
)


def _xlsx_guard(content: bytes) -> None:
    """Refuse an XLSX whose parts inflate beyond the limits, before openpyxl reads it.

    zipfile never returns more than a member's declared size, so the directory's sizes bound
    what openpyxl can read; the shared strings are counted by streaming through their XML.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if len(infos) > 500:
                raise ImportFileError(_TOO_BIG_XLSX)
            for info in infos:
                if info.filename.startswith("xl/") and info.file_size > MAX_XLSX_PART_BYTES:
                    raise ImportFileError(_TOO_BIG_XLSX)
            shared = next((i for i in infos if i.filename == "xl/sharedStrings.xml"), None)
            if shared is not None:
                count, carry = 0, b""
                with archive.open(shared) as member:
                    while chunk := member.read(1024 * 1024):
                        data = carry + chunk
                        count += data.count(b"<si>") + data.count(b"<si ")
                        count -= carry.count(b"<si>") + carry.count(b"<si ")
                        carry = data[-3:]
                        if count > MAX_SHARED_STRINGS:
                            raise ImportFileError(_TOO_BIG_XLSX)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca. Simpan ulang dari aplikasi lembar kerja sebagai "
            "Excel Workbook (.xlsx) atau CSV UTF-8."
        ) from exc


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _xlsx_guard(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca. Simpan ulang dari aplikasi lembar kerja sebagai "
            "Excel Workbook (.xlsx) atau CSV UTF-8."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        filled = 0
        # Bounded: max_col stops read-only mode padding every row to the sheet's claimed
        # dimension (A1:XFD1048576 = 17 billion cells).
        for values in sheet.iter_rows(
            values_only=True, max_col=MAX_COLUMNS, max_row=MAX_SCANNED_ROWS
        ):
            rows.append(list(values))
            filled += any(v not in (None, "") for v in values)
            if filled > MAX_ROWS + 1:
                break
        else:
            if len(rows) >= MAX_SCANNED_ROWS:
                raise ImportFileError(_TOO_MANY_LINES)
        return rows
    finally:
        workbook.close()


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            "Berkas bukan CSV atau XLSX yang dapat dibaca. Simpan ulang sebagai CSV UTF-8 atau "
            "Excel Workbook (.xlsx)."
        )
    if "\x00" in text:
        raise ImportFileError("Berkas bukan CSV atau XLSX yang dapat dibaca.")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if first_line.count(delimiter) >= MAX_COLUMNS * 4:  # before csv builds a million strings
        raise ImportFileError(
            f"Baris judul berisi terlalu banyak kolom; paling banyak {MAX_COLUMNS}. "
            "Gunakan templat impor."
        )
    rows: list[list[Any]] = []
    filled = 0
    try:
        for line, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if line == 1 and len(values) > MAX_COLUMNS:
                raise ImportFileError(
                    f"Baris judul berisi {len(values)} kolom; paling banyak {MAX_COLUMNS}. "
                    "Gunakan templat impor."
                )
            rows.append(values[:MAX_COLUMNS])
            filled += any(v.strip() for v in values[:MAX_COLUMNS])
            if filled > MAX_ROWS + 1:
                break
            if line >= MAX_SCANNED_ROWS:
                raise ImportFileError(_TOO_MANY_LINES)
        return rows
    except csv.Error as exc:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc


def read_table(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number in the file, {column: value}) for every non-empty data row."""
    if not content:
        raise ImportFileError("Berkas kosong.")
    if len(content) > MAX_BYTES:
        raise ImportFileError("Berkas terlalu besar (paling besar 10 MB).")
    rows = _read_xlsx(content) if content[:4] == b"PK\x03\x04" else _read_csv(content)
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris judul kolom.")
    headers = [_header(h) for h in rows[0]]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise ImportFileError(
            "Kolom wajib tidak ditemukan pada baris pertama: "
            + ", ".join(missing)
            + ". Gunakan templat impor."
        )
    data = []
    for index, values in enumerate(rows[1:], start=2):
        record = {
            name: _cell(values[i] if i < len(values) else None)
            for i, name in enumerate(headers)
            if name in COLUMN_NAMES
        }
        if not any(v not in ("", None) for v in record.values()):
            continue
        data.append((index, record))
    if len(data) > MAX_ROWS:
        raise ImportFileError(f"Berkas berisi lebih dari {MAX_ROWS} baris; bagi menjadi beberapa.")
    if not data:
        raise ImportFileError("Berkas tidak berisi baris data di bawah judul kolom.")
    return data
