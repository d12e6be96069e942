"""Cleaning one register row: text, codes, dates and partner, checked against the references.

Errors are collected per row (column name + Indonesian message) instead of raised, so the dry run
can show every problem of the file at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Lower

from agreements import rules, stages
from agreements.choices import Kind, NaskahType, PartnerType, Stage
from agreements.models import Partner, Region, Urusan

from .columns import ROW_NEW


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


def clean_row(row: RowResult, refs: dict) -> None:
    """Fill `row.values` from `row.raw`, recording every problem as (column, message)."""
    v = row.values
    v["nomor"] = _text(row.raw.get("nomor"))
    v["title"] = _clean_title(row)
    kind = v["kind"] = _clean_kind(row)
    name = _clean_partner(row, kind, refs)
    v["urusan"] = _clean_urusan(row, refs)
    signed = _clean_dates(row)
    stage = _clean_stage_status(row, kind)
    _clean_ending(row, kind, stage)
    _clean_naskah(row, signed)
    row.import_key = import_key_for(v["nomor"], v["title"], kind, name)


def _clean_title(row: RowResult) -> str:
    title = _text(row.raw.get("judul"))
    if not title:
        row.error("judul", "Judul wajib diisi.")
    elif len(title) > 300:
        row.error("judul", "Judul paling panjang 300 karakter.")
    return title


def _clean_kind(row: RowResult) -> str:
    """The kind of cooperation, upper-cased; "" when unknown (after recording the error)."""
    written = _text(row.raw.get("jenis"))
    kind = written.upper()
    if rules.kind_error(kind):
        row.error("jenis", f"Jenis “{written}” tidak dikenal; gunakan {', '.join(Kind.values)}.")
        return ""
    return kind


def _clean_partner_name(row: RowResult) -> str:
    name = _text(row.raw.get("mitra"))
    if not name:
        row.error("mitra", "Nama mitra wajib diisi.")
    elif len(name) > 255:
        row.error("mitra", "Nama mitra paling panjang 255 karakter.")
    return name


def _clean_partner(row: RowResult, kind: str, refs: dict) -> str:
    """The partner columns -> `values["partner"]` and `row.partner_key`; returns the name."""
    raw = row.raw
    name = _clean_partner_name(row)
    ptype = _text(raw.get("jenis_mitra")).lower() or rules.expected_partner_type(kind) or ""
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
    row.values["partner"] = {
        "name": name,
        "partner_type": ptype,
        "region_code": region_code,
        "country_code": cleaned.country_code,
        "third_party_type": cleaned.third_party_type,
    }
    place = region_code if ptype == PartnerType.DAERAH else cleaned.country_code
    row.partner_key = (name.casefold(), ptype, place or "")
    return name


def _clean_urusan(row: RowResult, refs: dict) -> list[str]:
    urusan_raw = row.raw.get("urusan")
    codes = []
    if isinstance(urusan_raw, float):
        codes = [_code(urusan_raw)]
    elif urusan_raw not in ("", None):
        codes = [c.strip() for c in str(urusan_raw).replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in codes if c not in refs["urusan"]]
    if unknown:
        row.error("urusan", f"Kode urusan tidak dikenal: {', '.join(unknown)}.")
    return codes


def _clean_dates(row: RowResult) -> dt.date | None:
    """Facilitation, start and end dates into `values`; returns the signing date."""
    v = row.values
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
    return signed


def _clean_stage_status(row: RowResult, kind: str) -> str:
    """Stage and status into `values`; returns the stage."""
    stage, status, problems = rules.stage_status_clean(
        kind, _text(row.raw.get("tahapan")), _text(row.raw.get("status"))
    )
    for name_, message in problems.items():
        row.error({"stage": "tahapan"}.get(name_, name_), message)
    row.values["stage"] = stage
    row.values["status"] = status
    return stage


def _clean_ending(row: RowResult, kind: str, stage: str) -> None:
    """How an ended one ended (DOMAIN.md 11): the actual date and, for `selesai`, the reason."""
    v = row.values
    v["ended_on"] = _date(row, "tanggal_selesai")
    v["end_reason"] = _text(row.raw.get("alasan_berakhir")).lower()
    if v["ended_on"] and stage not in stages.TERMINAL:
        row.error(
            "tanggal_selesai",
            "Tanggal selesai hanya untuk kerja sama bertahapan selesai atau dibatalkan.",
        )
    elif v["ended_on"] and v["facilitated_on"] and v["ended_on"] < v["facilitated_on"]:
        row.error("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal fasilitasi.")
    if v["end_reason"]:
        _check_end_reason(row, kind, stage, v["end_reason"])


def _check_end_reason(row: RowResult, kind: str, stage: str, reason: str) -> None:
    reasons = stages.END_REASONS.get(kind, ())
    if stage != Stage.SELESAI:
        row.error("alasan_berakhir", "Alasan berakhir hanya untuk kerja sama bertahapan selesai.")
    elif kind and reason not in reasons:
        row.error(
            "alasan_berakhir",
            f"Alasan “{reason}” tidak dikenal untuk {kind}; gunakan salah satu dari: "
            f"{', '.join(reasons)}.",
        )


def _clean_naskah(row: RowResult, signed: dt.date | None) -> None:
    """The signed naskah columns (type, number, signing date) into `values`."""
    v = row.values
    naskah_type = _text(row.raw.get("jenis_naskah")).lower()
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
    v["naskah_number"] = _text(row.raw.get("nomor_naskah"))[:160]
    v["signed_on"] = signed
    if (signed or v["naskah_number"]) and not naskah_type:
        row.error("jenis_naskah", "Jenis naskah (kb atau pks) wajib diisi bila ada naskah.")


def load_references(rows: list[RowResult]) -> dict:
    """The reference codes rows are checked against (regions, urusan), in two queries."""
    return {
        "regions": set(Region.objects.values_list("code", flat=True)),
        "urusan": set(Urusan.objects.values_list("code", flat=True)),
    }


def match_partners(rows: list[RowResult]) -> None:
    """Set `partner_id` of each row whose partner already exists, in one query."""
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
