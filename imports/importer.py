"""Import of an existing (paper or spreadsheet) register: XLSX or CSV, dry run first, all or none.

`register_analyse` reads a file and says, per row, what would be created (agreement, partner new
or existing, naskah) or what is wrong (row number and column name, in Indonesian), with a constant
number of queries. `register_import` runs the same analysis inside one transaction and writes
every new row through the services (partner_create, agreement_create, naskah_create); one bad row
means nothing is written. Rows whose `import_key` already exists are skipped ("sudah ada"), so
importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower

from agreements import rules, services, stages
from agreements.choices import (
    KIND_PARTNER_TYPE,
    Kind,
    NaskahType,
    PartnerType,
    Stage,
    Status,
    ThirdPartyType,
)
from agreements.models import Agreement, Partner, Region, Urusan
from kerjasama.errors import DomainError

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

#: The columns of the register, in template order: (code, required, explanation).
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("nomor", False, "Nomor register lama (opsional). Registri memberi nomor baru KS/TAHUN/NNNN; "
     "nomor lama disimpan di ringkasan dan mencegah impor ganda."),
    ("judul", True, "Judul kerja sama."),
    ("jenis", True, "Jenis kerja sama: " + ", ".join(Kind.values) + "."),
    ("mitra", True, "Nama mitra (dicocokkan tanpa membedakan huruf besar/kecil, bersama kode "
     "daerah atau kode negara; mitra baru dibuat otomatis)."),
    ("jenis_mitra", False, "Jenis mitra: " + ", ".join(PartnerType.values) + ". Boleh kosong: "
     "diturunkan dari jenis kerja sama."),
    ("kode_daerah", False, "Kode daerah Kemendagri (mis. 35.07), wajib untuk mitra daerah."),
    ("kode_negara", False, "Kode negara ISO 3166-1 alpha-2 (mis. NL), wajib untuk mitra luar "
     "negeri."),
    ("jenis_pihak_ketiga", False, "Wajib untuk mitra pihak ketiga: "
     + ", ".join(ThirdPartyType.values) + "."),
    ("urusan", False, "Kode urusan pemerintahan dipisahkan titik koma, mis. 1.01;2.11."),
    ("tanggal_fasilitasi", False, "Tanggal mulai difasilitasi (YYYY-MM-DD atau DD/MM/YYYY). "
     "Bila kosong: tanggal tanda tangan, lalu tanggal mulai."),
    ("tanggal_mulai", False, "Tanggal mulai berlaku."),
    ("tanggal_berakhir", False, "Tanggal berakhir (tidak boleh sebelum tanggal mulai)."),
    ("tahapan", False, "Kode tahapan saat ini (lihat daftar). Kosong: tahapan pertama."),
    ("status", False, "aktif, selesai atau dibatalkan. Kosong: aktif (atau sesuai tahapan "
     "selesai/dibatalkan)."),
    ("tanggal_selesai", False, "Untuk tahapan selesai/dibatalkan: tanggal kerja sama benar-benar "
     "berakhir atau dibatalkan (opsional; kosong: tidak diketahui)."),
    ("alasan_berakhir", False, "Untuk tahapan selesai: alasan berakhir (PP 28/2018 Ps. 9), mis. "
     "berakhir_jangka_waktu, tujuan_tercapai, kesepakatan_para_pihak."),
    ("jenis_naskah", False, "Naskah yang telah ditandatangani: kb atau pks (opsional)."),
    ("nomor_naskah", False, "Nomor naskah (opsional)."),
    ("tanggal_tanda_tangan", False, "Tanggal naskah ditandatangani; wajib bila jenis_naskah "
     "diisi."),
)  # fmt: skip
COLUMN_NAMES = tuple(c[0] for c in COLUMNS)
REQUIRED = tuple(c[0] for c in COLUMNS if c[1])

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

ROW_NEW = "baru"
ROW_EXISTS = "sudah_ada"
ROW_ERROR = "galat"


class ImportFileError(DomainError):
    code = "invalid_file"


@dataclass
class RowResult:
    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    status: str = ROW_NEW
    import_key: str = ""
    partner_key: tuple = ()
    partner_id: int | None = None
    duplicate_of: int | None = None

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    @property
    def partner_new(self) -> bool:
        return self.partner_id is None

    @property
    def stage_label(self) -> str:
        stage = self.values.get("stage")
        return Stage(stage).label if stage in Stage.values else stage or ""


@dataclass
class ImportReport:
    rows: list[RowResult]
    filename: str = ""
    created: int = 0
    done: bool = False
    #: (id, number, title) of each agreement written, in file order.
    created_agreements: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.line, col, msg) for r in self.rows for col, msg in r.errors]

    @property
    def ok(self) -> bool:
        return not any(r.errors for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new_count(self) -> int:
        return self.count(ROW_NEW)

    @property
    def existing_count(self) -> int:
        return self.count(ROW_EXISTS)

    @property
    def error_rows(self) -> int:
        return self.count(ROW_ERROR)

    @property
    def new_partner_count(self) -> int:
        return len({r.partner_key for r in self.rows if r.status == ROW_NEW and r.partner_new})

    @property
    def naskah_count(self) -> int:
        return sum(1 for r in self.rows if r.status == ROW_NEW and r.values.get("naskah_type"))


# --------------------------------------------------------------------------- reading files


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


# --------------------------------------------------------------------------- cleaning values


def _text(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code(value: Any) -> str:
    """Codes like 35.07 or 1.10 that a spreadsheet may have turned into numbers."""
    if isinstance(value, float):
        return f"{value:.2f}"
    return _text(value)


def _date(row: RowResult, column: str) -> dt.date | None:
    value = row.raw.get(column, "")
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    row.error(column, f"Tanggal “{text}” tidak valid; gunakan format YYYY-MM-DD atau DD/MM/YYYY.")
    return None


def import_key_for(nomor: str, title: str, kind: str, partner: str) -> str:
    """Stable identity of a register row: its old number, else title + kind + partner."""
    if nomor:
        basis = f"nomor:{nomor.strip().casefold()}"
    else:
        basis = "|".join(("judul", title.strip().casefold(), kind, partner.strip().casefold()))
    return hashlib.sha256(basis.encode()).hexdigest()


#: rules.partner_clean's field names -> the template's columns.
PARTNER_COLUMNS = {
    "partner_type": "jenis_mitra",
    "region_code": "kode_daerah",
    "country_code": "kode_negara",
    "third_party_type": "jenis_pihak_ketiga",
}


def _clean_row(row: RowResult, refs: dict) -> None:
    raw = row.raw
    v = row.values
    v["nomor"] = _text(raw.get("nomor"))
    v["title"] = _text(raw.get("judul"))
    if not v["title"]:
        row.error("judul", "Judul wajib diisi.")
    elif len(v["title"]) > 300:
        row.error("judul", "Judul paling panjang 300 karakter.")

    kind = _text(raw.get("jenis")).upper()
    if rules.kind_error(kind):
        row.error(
            "jenis",
            f"Jenis “{_text(raw.get('jenis'))}” tidak dikenal; gunakan {', '.join(Kind.values)}.",
        )
        kind = ""
    v["kind"] = kind

    # Partner.
    name = _text(raw.get("mitra"))
    if not name:
        row.error("mitra", "Nama mitra wajib diisi.")
    elif len(name) > 255:
        row.error("mitra", "Nama mitra paling panjang 255 karakter.")
    ptype = _text(raw.get("jenis_mitra")).lower()
    expected = rules.expected_partner_type(kind) or ""
    ptype = ptype or expected
    cleaned, problems = rules.partner_clean(
        ptype,
        region_code=_code(raw.get("kode_daerah")) or None,
        country_code=_text(raw.get("kode_negara")),
        third_party_type=_text(raw.get("jenis_pihak_ketiga")),
    )
    if (
        ptype
        and "partner_type" not in problems
        and (message := rules.kind_partner_error(kind, [(name or ptype, ptype)]))
    ):
        problems["partner_type"] = message
    if not ptype:  # unknown kind and no partner type: the kind's error says it all
        problems = {}
    for name_, message in problems.items():
        row.error(PARTNER_COLUMNS[name_], message)
    region_code = cleaned.region_code
    if region_code and region_code not in refs["regions"]:
        row.error("kode_daerah", f"Kode daerah “{region_code}” tidak ditemukan.")
    v["partner"] = {
        "name": name,
        "partner_type": ptype,
        "region_code": region_code,
        "country_code": cleaned.country_code,
        "third_party_type": cleaned.third_party_type,
    }
    place = region_code if ptype == PartnerType.DAERAH else cleaned.country_code
    row.partner_key = (name.casefold(), ptype, place or "")

    # Urusan.
    urusan_raw = raw.get("urusan")
    codes = []
    if isinstance(urusan_raw, float):
        codes = [_code(urusan_raw)]
    elif urusan_raw not in ("", None):
        codes = [c.strip() for c in str(urusan_raw).replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in codes if c not in refs["urusan"]]
    if unknown:
        row.error("urusan", f"Kode urusan tidak dikenal: {', '.join(unknown)}.")
    v["urusan"] = codes

    # Dates.
    facilitated = _date(row, "tanggal_fasilitasi")
    v["start_date"] = _date(row, "tanggal_mulai")
    v["end_date"] = _date(row, "tanggal_berakhir")
    signed = _date(row, "tanggal_tanda_tangan")
    if v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
        row.error("tanggal_berakhir", "Tanggal berakhir tidak boleh sebelum tanggal mulai.")
    v["facilitated_on"] = facilitated or signed or v["start_date"]
    if v["facilitated_on"] is None and not any(c == "tanggal_fasilitasi" for c, _ in row.errors):
        row.error(
            "tanggal_fasilitasi",
            "Tanggal fasilitasi wajib diisi (atau tanggal tanda tangan / tanggal mulai).",
        )

    # Stage and status.
    stage, status, problems = rules.stage_status_clean(
        kind, _text(raw.get("tahapan")), _text(raw.get("status"))
    )
    for name_, message in problems.items():
        row.error({"stage": "tahapan"}.get(name_, name_), message)
    v["stage"] = stage
    v["status"] = status

    # How an ended one ended (DOMAIN.md 11): the actual date and, for `selesai`, the reason.
    v["ended_on"] = _date(row, "tanggal_selesai")
    v["end_reason"] = _text(raw.get("alasan_berakhir")).lower()
    if v["ended_on"] and stage not in stages.TERMINAL:
        row.error(
            "tanggal_selesai",
            "Tanggal selesai hanya untuk kerja sama bertahapan selesai atau dibatalkan.",
        )
    elif v["ended_on"] and v["facilitated_on"] and v["ended_on"] < v["facilitated_on"]:
        row.error("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal fasilitasi.")
    if v["end_reason"]:
        reasons = stages.END_REASONS.get(kind, ())
        if stage != Stage.SELESAI:
            row.error(
                "alasan_berakhir", "Alasan berakhir hanya untuk kerja sama bertahapan selesai."
            )
        elif kind and v["end_reason"] not in reasons:
            row.error(
                "alasan_berakhir",
                f"Alasan “{v['end_reason']}” tidak dikenal untuk {kind}; gunakan salah satu dari: "
                f"{', '.join(reasons)}.",
            )

    # Naskah.
    naskah_type = _text(raw.get("jenis_naskah")).lower()
    if naskah_type and naskah_type not in (NaskahType.KB, NaskahType.PKS):
        row.error(
            "jenis_naskah", f"Jenis naskah “{naskah_type}” tidak dikenal; gunakan kb atau pks."
        )
    elif (
        naskah_type
        and signed is None
        and not any(c == "tanggal_tanda_tangan" for c, _ in row.errors)
    ):
        row.error("tanggal_tanda_tangan", "Tanggal tanda tangan wajib diisi bila ada naskah.")
    v["naskah_type"] = naskah_type
    v["naskah_number"] = _text(raw.get("nomor_naskah"))[:160]
    v["signed_on"] = signed
    if (signed or v["naskah_number"]) and not naskah_type:
        row.error("jenis_naskah", "Jenis naskah (kb atau pks) wajib diisi bila ada naskah.")

    row.import_key = import_key_for(v["nomor"], v["title"], kind, name)


def _references(rows: list[RowResult]) -> dict:
    return {
        "regions": set(Region.objects.values_list("code", flat=True)),
        "urusan": set(Urusan.objects.values_list("code", flat=True)),
    }


def _match_partners(rows: list[RowResult]) -> None:
    names = {r.partner_key[0] for r in rows if r.partner_key and r.partner_key[0]}
    if not names:
        return
    found: dict[tuple, int] = {}
    candidates = (
        Partner.objects.annotate(lname=Lower("name"))
        .filter(lname__in=names)
        .values_list("id", "name", "partner_type", "region_id", "country_code")
        .order_by("id")
    )
    for pk, name, ptype, region_id, country in candidates:
        place = region_id if ptype == PartnerType.DAERAH else country
        found.setdefault((name.casefold(), ptype, place), pk)
    for row in rows:
        row.partner_id = found.get(row.partner_key)


def register_analyse(records: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Dry run: what each row would do, in a constant number of queries."""
    rows = [RowResult(line=line, raw=raw) for line, raw in records]
    refs = _references(rows)
    for row in rows:
        _clean_row(row, refs)
    first_seen: dict[str, int] = {}
    for row in rows:
        if row.import_key in first_seen and not row.errors:
            column = "nomor" if row.values.get("nomor") else "judul"
            row.error(column, f"Baris ganda: sama dengan baris {first_seen[row.import_key]}.")
        first_seen.setdefault(row.import_key, row.line)
    existing = set(
        Agreement.objects.filter(import_key__in=[r.import_key for r in rows]).values_list(
            "import_key", flat=True
        )
    )
    _match_partners(rows)
    for row in rows:
        if row.errors:
            row.status = ROW_ERROR
        elif row.import_key in existing:
            row.status = ROW_EXISTS
        else:
            row.status = ROW_NEW
    return ImportReport(rows=rows)


def _lock_imports() -> None:
    """Serialise concurrent imports so the import_key check inside the transaction holds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_202_601])


class _RowFailed(Exception):
    def __init__(self, row: RowResult, exc: ValidationError) -> None:
        self.row = row
        self.exc = exc


def _write_row(row: RowResult, user, partners: dict[tuple, int]):
    v = row.values
    partner_id = row.partner_id or partners.get(row.partner_key)
    if partner_id is None:
        partner = services.partner_create(user=user, **v["partner"])
        partner_id = partners[row.partner_key] = partner.pk
    summary = f"Nomor register lama: {v['nomor']}." if v["nomor"] else ""
    agreement = services.agreement_create(
        user=user,
        title=v["title"],
        kind=v["kind"],
        partners=[partner_id],
        urusan=v["urusan"],
        facilitated_on=v["facilitated_on"],
        stage=v["stage"],
        status=v["status"],
        start_date=v["start_date"],
        end_date=v["end_date"],
        ended_on=v["ended_on"],
        end_reason=v["end_reason"],
        summary=summary,
        import_key=row.import_key,
        entered_after_fact=True,
    )
    if v["naskah_type"]:
        valid = v["start_date"] and v["end_date"]
        services.naskah_create(
            agreement_id=agreement.pk,
            naskah_type=v["naskah_type"],
            number=v["naskah_number"],
            signed_on=v["signed_on"],
            valid_from=v["start_date"] if valid else None,
            valid_until=v["end_date"] if valid else None,
            user=user,
        )
    return agreement


def register_import(*, content: bytes, user, dry_run: bool = False) -> ImportReport:
    """Analyse the file; unless `dry_run`, write every new row or, on any error, nothing."""
    records = read_table(content)
    if dry_run:
        return register_analyse(records)
    try:
        with transaction.atomic():
            _lock_imports()
            report = register_analyse(records)
            if not report.ok:
                return report
            partners: dict[tuple, int] = {}
            for row in report.rows:
                if row.status != ROW_NEW:
                    continue
                try:
                    agreement = _write_row(row, user, partners)
                except ValidationError as exc:
                    raise _RowFailed(row, exc) from exc
                report.created += 1
                report.created_agreements.append((agreement.pk, agreement.number, agreement.title))
            report.done = True
            return report
    except _RowFailed as failed:
        # Everything was rolled back; report the row that could not be written.
        report = register_analyse(records)
        target = next(r for r in report.rows if r.line == failed.row.line)
        exc = failed.exc
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
        for column, messages in items:
            for message in messages:
                target.error(column or "-", message)
        target.status = ROW_ERROR
        return report


# --------------------------------------------------------------------------- the template


def template_workbook() -> bytes:
    """The import template: header + example row, and a sheet explaining every code."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    sheet.append(list(COLUMN_NAMES))
    sheet.append([EXAMPLE_ROW.get(name, "") for name in COLUMN_NAMES])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    as_text = {"nomor", "kode_daerah", "urusan", "nomor_naskah"} | {
        name for name in COLUMN_NAMES if name.startswith("tanggal_")
    }
    for index, name in enumerate(COLUMN_NAMES, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(name) + 4)
        if name in as_text:
            # Codes and dates as text, so the spreadsheet does not turn 1.10 into 1.1.
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    codes = workbook.create_sheet("Penjelasan kode")
    bold = Font(bold=True)

    def title(text: str) -> None:
        codes.append([])
        codes.append([text])
        codes.cell(row=codes.max_row, column=1).font = bold

    codes.append(["Kolom", "Wajib", "Keterangan"])
    for cell in codes[1]:
        cell.font = bold
    for name, required, text in COLUMNS:
        codes.append([name, "ya" if required else "tidak", text])
    title("Jenis kerja sama (jenis) dan jenis mitra (jenis_mitra)")
    for kind in Kind:
        codes.append([kind.value, KIND_PARTNER_TYPE[kind].value, kind.label])
    title("Jenis pihak ketiga (jenis_pihak_ketiga)")
    for item in ThirdPartyType:
        codes.append([item.value, "", item.label])
    title("Tahapan (tahapan) per jenis kerja sama")
    for kind in (Kind.KSDD, Kind.KSDPL):
        label = "KSDD, KSDPK dan SINERGI" if kind == Kind.KSDD else "KSDPL dan KSDLL"
        for stage in (*stages.stages_of(kind), *stages.TERMINAL):
            codes.append([stage, label, Stage(stage).label])
    title("Status (status)")
    for item in Status:
        codes.append([item.value, "", item.label])
    title("Jenis naskah (jenis_naskah)")
    for item in (NaskahType.KB, NaskahType.PKS):
        codes.append([item.value, "", item.label])
    title("Urusan pemerintahan (urusan)")
    for code, name in Urusan.objects.values_list("code", "name"):
        codes.append([code, "", name])
    codes.column_dimensions["A"].width = 30
    codes.column_dimensions["B"].width = 18
    codes.column_dimensions["C"].width = 90

    regions = workbook.create_sheet("Kode daerah")
    regions.append(["kode_daerah", "nama", "tingkat"])
    for cell in regions[1]:
        cell.font = bold
    for code, name, level in Region.objects.values_list("code", "name", "level"):
        regions.append([code, name, level])
    regions.column_dimensions["A"].width = 14
    regions.column_dimensions["B"].width = 45

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
