"""Pure rules of the registry, written once (one place per rule).

No database access: the services, the register importer and the API serializers pass plain
values and turn the returned Indonesian messages into their own error shape (a ValidationError
per field, an import row's column, a serializer field).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django_countries import countries

from . import stages
from .choices import (
    KIND_PARTNER_TYPE,
    DocType,
    DprdDecisionValue,
    DprdStatus,
    Kind,
    KsddForm,
    PartnerType,
    Stage,
    Status,
    ThirdPartyType,
)

#: Attachments of the DPRD packet, in this order (PDF documents only), per kind.
#: KSDPL/KSDLL: the rencana kerja sama and what led to it (PP 28/2018 Ps. 30(2));
#: KSDD/KSDPK: the signed KB, the draft PKS and the basis of the burden/budget note.
PACKET_DOC_TYPES: dict[str, tuple[str, ...]] = {
    Kind.KSDPL: (
        DocType.RENCANA_KERJA_SAMA,
        DocType.PERNYATAAN_KEHENDAK,
        DocType.SURAT_MENTERI,
        DocType.LAINNYA,
    ),
    Kind.KSDD: (
        DocType.KB,
        DocType.PKS,
        DocType.SURAT_PENAWARAN,
        DocType.STUDI_KELAYAKAN,
        DocType.LAINNYA,
    ),
}
PACKET_DOC_TYPES[Kind.KSDLL] = PACKET_DOC_TYPES[Kind.KSDPL]
PACKET_DOC_TYPES[Kind.KSDPK] = PACKET_DOC_TYPES[Kind.KSDD]
PACKET_DOC_TYPES[Kind.SINERGI] = PACKET_DOC_TYPES[Kind.KSDD]

#: ISO 3166-1 alpha-2 codes known to django-countries.
COUNTRY_CODES = frozenset(code for code, _name in countries)

#: Partner types that need a foreign country.
FOREIGN_PARTNER_TYPES = (PartnerType.PEMDA_LUAR_NEGERI, PartnerType.LEMBAGA_LUAR_NEGERI)

# --------------------------------------------------------------------------- partners


def country_code_error(code: str, *, foreign: bool) -> str | None:
    """The message for an unacceptable (upper-case) country code, else None.

    `foreign`: the partner is abroad, so the code is required and may not be ID.
    """
    if not code:
        return "Mitra luar negeri wajib memiliki kode negara ISO 3166-1." if foreign else None
    if code not in COUNTRY_CODES:
        return f"Kode negara “{code}” tidak dikenal (gunakan kode ISO 3166-1 alpha-2, mis. NL, DE)."
    if foreign and code == "ID":
        return "Mitra luar negeri harus berkedudukan di negara asing, bukan Indonesia (ID)."
    return None


@dataclass(frozen=True)
class PartnerFields:
    """A partner's type-dependent fields after the rules: what is kept and what is cleared."""

    partner_type: str
    region_code: str | None
    country_code: str
    third_party_type: str


def partner_clean(
    partner_type: str,
    *,
    region_code: str | None,
    country_code: str | None,
    third_party_type: str | None,
) -> tuple[PartnerFields, dict[str, str]]:
    """Normalised type-dependent fields and the errors per field (API.md, partners).

    daerah needs a region (Indonesia, no third-party type); pihak_ketiga needs a third-party
    type (country defaults to ID); the foreign types need a foreign country; instansi_pusat is
    an Indonesian central body. Whether the region code exists is the caller's look-up.
    """
    errors: dict[str, str] = {}
    region = region_code or None
    country = (country_code or "").strip().upper()
    third = (third_party_type or "").strip().lower()
    if partner_type not in PartnerType.values:
        errors["partner_type"] = (
            f"Jenis mitra “{partner_type}” tidak dikenal; gunakan {', '.join(PartnerType.values)}."
        )
    if partner_type == PartnerType.DAERAH:
        if region is None:
            errors["region_code"] = "Mitra berjenis daerah wajib memiliki kode daerah Kemendagri."
        country, third = "ID", ""
    elif partner_type == PartnerType.PIHAK_KETIGA:
        if third not in ThirdPartyType.values:
            errors["third_party_type"] = (
                f"Jenis pihak ketiga “{third}” tidak dikenal; gunakan "
                if third
                else "Mitra pihak ketiga wajib memiliki jenis pihak ketiga (PP 28/2018 Ps. 14): "
            ) + f"{', '.join(ThirdPartyType.values)}."
        country = country or "ID"
        if message := country_code_error(country, foreign=False):
            errors["country_code"] = message
        region = None
    elif partner_type in FOREIGN_PARTNER_TYPES:
        if message := country_code_error(country, foreign=True):
            errors["country_code"] = message
        third, region = "", None
    elif partner_type == PartnerType.INSTANSI_PUSAT:
        country, third, region = "ID", "", None
    return PartnerFields(partner_type, region, country, third), errors


# --------------------------------------------------------------------------- kinds


def kind_error(kind: str) -> str | None:
    if kind in Kind.values:
        return None
    return f"Jenis kerja sama harus salah satu dari {', '.join(Kind.values)}."


def expected_partner_type(kind: str) -> str | None:
    """The one partner type a kind cooperates with (KSDD ↔ daerah, ..., SINERGI ↔ instansi)."""
    return KIND_PARTNER_TYPE[Kind(kind)].value if kind in Kind.values else None


def kind_partner_error(kind: str, partners: Iterable[tuple[str, str]]) -> str | None:
    """The message when any (name, partner_type) does not fit the kind, else None."""
    expected = expected_partner_type(kind)
    if expected is None:
        return None
    wrong = [name for name, partner_type in partners if partner_type != expected]
    if not wrong:
        return None
    return (
        f"Jenis kerja sama {kind} hanya dapat bermitra dengan “{PartnerType(expected).label}”; "
        f"tidak sesuai: {', '.join(wrong)}."
    )


def ksdd_form_error(kind: str, ksdd_form: str) -> str | None:
    """`ksdd_form` (wajib | sukarela) belongs to KSDD only (PP Ps. 3)."""
    if not ksdd_form:
        return None
    if ksdd_form not in KsddForm.values:
        return "Bentuk KSDD harus “wajib” atau “sukarela”."
    if kind != Kind.KSDD:
        return "Bentuk wajib/sukarela hanya berlaku untuk KSDD (kerja sama antar daerah)."
    return None


# --------------------------------------------------------------------------- stages


def stage_status_clean(kind: str, stage: str, status: str) -> tuple[str, str, dict[str, str]]:
    """Stage and status of an agreement entered after the fact (import or first save).

    An empty stage is the kind's first stage (or the terminal stage an ended status names);
    a terminal stage is its own status; an active stage cannot carry an ended status.
    """
    errors: dict[str, str] = {}
    stage = (stage or "").strip().lower()
    status = (status or "").strip().lower()
    if status and status not in Status.values:
        errors["status"] = (
            f"Status “{status}” tidak dikenal; gunakan aktif, selesai atau dibatalkan."
        )
        status = ""
    if not stage and status in stages.TERMINAL:
        stage = status
    if kind in Kind.values:
        allowed = (*stages.stages_of(kind), *stages.TERMINAL)
        if not stage:
            stage = stages.first_stage(kind)
        elif stage not in allowed:
            errors["stage"] = (
                f"Tahapan “{stage}” tidak ada untuk jenis {kind}; gunakan salah satu dari: "
                f"{', '.join(allowed)}."
            )
    if stage in stages.TERMINAL:
        if status and status != stage:
            errors["status"] = f"Status “{status}” tidak sesuai dengan tahapan “{stage}”."
        status = stage
    elif status in (Status.SELESAI, Status.DIBATALKAN):
        errors["status"] = (
            f"Status “{status}” tidak sesuai dengan tahapan “{stage}”; untuk kerja sama yang "
            f"sudah berakhir isi tahapan “{status}”."
        )
    return stage, status or Status.AKTIF, errors


# --------------------------------------------------------------------------- DPRD


def dprd_required_for(kind: str, burdens_public: bool, budgeted_in_apbd: bool) -> bool:
    """API.md: always for KSDPL/KSDLL (PP Ps. 30, 38); for KSDD, KSDPK and sinergi when the
    plan burdens the public or is not budgeted in the current APBD (PP Ps. 6(2))."""
    if kind in (Kind.KSDPL, Kind.KSDLL):
        return True
    return bool(burdens_public) or not bool(budgeted_in_apbd)


def dprd_status_of(*, kind: str, stage: str, dprd_required: bool, decision: str | None) -> str:
    """The one DPRD state (DOMAIN.md 11) from the current decision and the stage.

    `decision`: the DPRD decision of the current submission (decisions of an earlier
    submission no longer count), or None. An agreement recorded beyond the DPRD step without a
    recorded decision (entered after the fact) passed it, so it was approved.
    """
    if decision in (DprdDecisionValue.DISETUJUI, DprdDecisionValue.DITOLAK):
        return str(decision)
    if not dprd_required:
        return DprdStatus.TIDAK_PERLU
    if stage == Stage.PERSETUJUAN_DPRD:
        return DprdStatus.MENUNGGU
    if kind in Kind.values and stages.is_forward(kind, Stage.PERSETUJUAN_DPRD, stage):
        return DprdStatus.DISETUJUI
    return DprdStatus.BELUM_DIAJUKAN
