"""The PP 28/2018 stage machine as data (DOMAIN.md section 3).

One table per kind: the legal order of stages, which step is conditional, what blocks leaving a
stage, the non-blocking checklist, the allowed revisions and the special targets. Services, forms,
the API (`allowed_transitions`), pages and tests all read these tables; nothing else decides moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from kerjasama.formatting import lower_first

from .choices import DocType, Kind, NaskahType, Ps27Condition, Stage

S = Stage

_KSDD_KSDPK = (
    S.PERSIAPAN,
    S.PENAWARAN,
    S.PENYUSUNAN_KB,
    S.PENANDATANGANAN_KB,
    S.PERSETUJUAN_DPRD,
    S.PENYUSUNAN_PKS,
    S.PENANDATANGANAN_PKS,
    S.PELAKSANAAN,
    S.PENATAUSAHAAN,
    S.PELAPORAN,
)
_KSDPL_KSDLL = (
    S.PRAKARSA,
    S.PENJAJAKAN,
    S.KONSULTASI_PUSAT,
    S.PERNYATAAN_KEHENDAK,
    S.PENYUSUNAN_RENCANA,
    S.PERSETUJUAN_DPRD,
    S.PERTIMBANGAN_MENTERI,
    S.PENYUSUNAN_RANCANGAN_NASKAH,
    S.PERSETUJUAN_PUSAT,
    S.PEMBAHASAN_MITRA,
    S.PENANDATANGANAN_NASKAH,
    S.PELAKSANAAN,
    S.PELAPORAN,
)

#: kind -> the legal order of its stages.
SEQUENCE: dict[str, tuple[str, ...]] = {
    Kind.KSDD: _KSDD_KSDPK,
    Kind.KSDPK: _KSDD_KSDPK,
    Kind.KSDPL: _KSDPL_KSDLL,
    Kind.KSDLL: _KSDPL_KSDLL,
    # Sinergi (Permendagri 22/2020, to be confirmed): KSDPK's order, no studi kelayakan.
    Kind.SINERGI: _KSDD_KSDPK,
}

#: Stages entered only when a condition holds; the condition is a property of the agreement.
#: KSDD/KSDPK: DPRD only if burdensome or unbudgeted (PP Ps. 6(2)); KSDPL/KSDLL: always
#: (`dprd_required` is always true for them). A step that is not needed is skipped and logged.
CONDITIONAL: dict[str, str] = {S.PERSETUJUAN_DPRD: "dprd_step_needed"}

#: Allowed revisions (backwards moves): Mendagri may ask to revise the rencana (PP Ps. 31).
REVISIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.KSDPL: {S.PERTIMBANGAN_MENTERI: (S.PENYUSUNAN_RENCANA,)},
    Kind.KSDLL: {S.PERTIMBANGAN_MENTERI: (S.PENYUSUNAN_RENCANA,)},
}

#: After the DPRD refused (`dprd_status` ditolak) the way on is this revision or a cancellation
#: (DOMAIN.md 11); re-entering `persetujuan_dprd` starts a new clock and needs a new decision.
DPRD_REJECTION_REVISION: dict[str, str] = {
    Kind.KSDD: S.PENYUSUNAN_KB,
    Kind.KSDPK: S.PENYUSUNAN_KB,
    Kind.SINERGI: S.PENYUSUNAN_KB,
    Kind.KSDPL: S.PENYUSUNAN_RENCANA,
    Kind.KSDLL: S.PENYUSUNAN_RENCANA,
}

TERMINAL = (S.SELESAI, S.DIBATALKAN)
#: `selesai` (ended with a reason of PP Ps. 9/22) is reachable from these stages only.
END_FROM = (S.PELAKSANAAN, S.PELAPORAN)

#: Working days DPRD has to decide, where the law sets a limit (PP Ps. 30(4), 38).
DPRD_DEADLINE_WORKING_DAYS: dict[str, int] = {Kind.KSDPL: 45, Kind.KSDLL: 45}

#: Ending reasons allowed per kind (PP Ps. 9(1); KSDPK also Ps. 22(2)).
_BASE_REASONS = (
    "berakhir_jangka_waktu",
    "tujuan_tercapai",
    "kesepakatan_para_pihak",
    "perubahan_kebijakan",
    "objek_hilang_musnah",
)
END_REASONS: dict[str, tuple[str, ...]] = {
    Kind.KSDD: _BASE_REASONS,
    Kind.KSDPK: (*_BASE_REASONS, "putusan_pengadilan", "pihak_ketiga_pailit"),
    Kind.KSDPL: _BASE_REASONS,
    Kind.KSDLL: _BASE_REASONS,
    Kind.SINERGI: _BASE_REASONS,
}


@dataclass(frozen=True)
class Requirement:
    """Something that must exist before a stage can be left forward."""

    source: str  # "document" | "naskah" | "dprd" | "condition" | "fields"
    code: str  # doc_type, naskah_type, DPRD decision value, Ps. 27 condition, group of fields
    label: str
    #: For source "fields": the agreement fields that must all be filled.
    fields: tuple[str, ...] = ()
    #: Another requirement that satisfies this one as well (e.g. the signed rencana).
    alternative: Requirement | None = None


def _doc(code: str) -> Requirement:
    return Requirement("document", code, f"dokumen {lower_first(DocType(code).label)}")


def _naskah(code: str) -> Requirement:
    return Requirement("naskah", code, f"naskah {NaskahType(code).label} yang telah ditandatangani")


DPRD_APPROVAL = Requirement("dprd", "disetujui", "keputusan DPRD yang menyetujui")

#: PP Ps. 27: each condition confirmed by a named user before leaving `penjajakan`.
PS27_CONDITIONS = tuple(
    Requirement("condition", c.value, f"syarat PP 28/2018 Ps. 27 dikonfirmasi: {c.label.lower()}")
    for c in Ps27Condition
)

#: PP Ps. 30(3) elements of the rencana kerja sama as agreement fields, with their labels.
#: Subjek = the partners, jangka waktu = start and end date.
RENCANA_ELEMENTS: dict[str, str] = {
    "partners": "subjek (mitra)",
    "background": "latar belakang",
    "objective": "maksud dan tujuan",
    "targets": "sasaran",
    "object": "objek",
    "scope": "ruang lingkup",
    "financing_source": "sumber pembiayaan",
    "start_date": "jangka waktu (tanggal mulai)",
    "end_date": "jangka waktu (tanggal berakhir)",
}
RENCANA_COMPLETE = Requirement(
    "fields",
    "rencana_kerja_sama",
    "unsur rencana kerja sama PP 28/2018 Ps. 30(3)",
    fields=tuple(RENCANA_ELEMENTS),
    alternative=_naskah(NaskahType.RENCANA_KERJA_SAMA),
)

#: kind -> leaving stage -> what blocks the move (DOMAIN.md, "Blocking prerequisites").
PREREQUISITES: dict[str, dict[str, tuple[Requirement, ...]]] = {
    Kind.KSDD: {
        S.PENANDATANGANAN_KB: (_naskah(NaskahType.KB),),
        S.PERSETUJUAN_DPRD: (DPRD_APPROVAL,),
        S.PENANDATANGANAN_PKS: (_naskah(NaskahType.PKS),),
    },
    Kind.KSDPK: {
        S.PERSIAPAN: (_doc(DocType.STUDI_KELAYAKAN),),
        S.PENANDATANGANAN_KB: (_naskah(NaskahType.KB),),
        S.PERSETUJUAN_DPRD: (DPRD_APPROVAL,),
        S.PENANDATANGANAN_PKS: (_naskah(NaskahType.PKS),),
    },
    Kind.KSDPL: {
        S.PENJAJAKAN: PS27_CONDITIONS,
        S.KONSULTASI_PUSAT: (_doc(DocType.SURAT_MENTERI),),
        S.PERNYATAAN_KEHENDAK: (_doc(DocType.PERNYATAAN_KEHENDAK),),
        # All Ps. 30(3) elements filled in, or the signed rencana (DOMAIN.md 11).
        S.PENYUSUNAN_RENCANA: (RENCANA_COMPLETE,),
        S.PERSETUJUAN_DPRD: (DPRD_APPROVAL,),
        S.PENANDATANGANAN_NASKAH: (_naskah(NaskahType.PKS),),
    },
}
PREREQUISITES[Kind.KSDLL] = PREREQUISITES[Kind.KSDPL]
PREREQUISITES[Kind.SINERGI] = PREREQUISITES[Kind.KSDD]  # no studi kelayakan

#: Non-blocking checklist per stage: shown on the detail page, warned about, never blocking.
CHECKLIST: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.KSDD: {
        S.PERSIAPAN: (
            "Pemetaan urusan dan koordinasi teknis (kerja sama wajib, PP Ps. 5)",
            "Hasil pemetaan disepakati kepala daerah",
        ),
        S.PENAWARAN: ("Surat penawaran kerja sama",),
        S.PENYUSUNAN_KB: ("Rancangan kesepakatan bersama",),
        S.PERSETUJUAN_DPRD: ("Surat permohonan persetujuan kepada DPRD", "Keputusan DPRD"),
        S.PENYUSUNAN_PKS: ("Rancangan perjanjian kerja sama",),
        S.PENANDATANGANAN_PKS: ("Surat kuasa bila ditandatangani pejabat lain (PP Ps. 2(2))",),
        S.PELAKSANAAN: ("Bukti pelaksanaan", "Monitoring dan evaluasi"),
        S.PENATAUSAHAAN: ("Naskah asli diarsipkan", "Dicatat dalam register"),
        S.PELAPORAN: ("Laporan pelaksanaan kerja sama",),
    },
    Kind.KSDPK: {
        S.PERSIAPAN: (
            "Studi kelayakan (UU Ps. 366(3))",
            "Kesesuaian dengan rencana induk sektor (prakarsa pihak ketiga, PP Ps. 18)",
            "Bukti kemampuan keuangan pihak ketiga (PP Ps. 18)",
        ),
        S.PENAWARAN: ("Surat penawaran kerja sama",),
        S.PENYUSUNAN_KB: ("Rancangan kesepakatan bersama",),
        S.PERSETUJUAN_DPRD: ("Surat permohonan persetujuan kepada DPRD", "Keputusan DPRD"),
        S.PENYUSUNAN_PKS: (
            "Rancangan kontrak memuat hak dan kewajiban, jangka waktu, penyelesaian perselisihan, "
            "sanksi (PP Ps. 19(2))",
        ),
        S.PENANDATANGANAN_PKS: ("Surat kuasa bila ditandatangani pejabat lain (PP Ps. 13(2))",),
        S.PELAKSANAAN: ("Bukti pelaksanaan", "Hasil kerja sama masuk kas daerah (PP Ps. 20)"),
        S.PENATAUSAHAAN: ("Naskah asli diarsipkan", "Dicatat dalam register"),
        S.PELAPORAN: ("Laporan pelaksanaan kerja sama",),
    },
    Kind.KSDPL: {
        S.PRAKARSA: ("Sumber prakarsa dicatat (daerah, mitra, atau melalui Menteri/Kemlu)",),
        S.PENJAJAKAN: ("Catatan penjajakan manfaat bagi kepentingan daerah dan nasional",),
        S.KONSULTASI_PUSAT: ("Surat koordinasi dengan Mendagri dan Kemlu",),
        S.PERNYATAAN_KEHENDAK: ("Pernyataan kehendak (LoI) ditandatangani",),
        S.PENYUSUNAN_RENCANA: (
            "Rencana kerja sama memuat subjek, latar belakang, maksud/tujuan/sasaran, objek, "
            "ruang lingkup, sumber pembiayaan, jangka waktu (PP Ps. 30(3))",
        ),
        S.PERSETUJUAN_DPRD: (
            "Surat kepala daerah dan rencana kerja sama kepada DPRD (PP Ps. 30(2))",
            "Keputusan DPRD paling lambat 45 hari kerja (PP Ps. 30(4))",
        ),
        S.PERTIMBANGAN_MENTERI: ("Pertimbangan tertulis Menteri (PP Ps. 31)",),
        S.PENYUSUNAN_RANCANGAN_NASKAH: ("Rancangan naskah kerja sama",),
        S.PERSETUJUAN_PUSAT: ("Persetujuan Menteri setelah rapat antarkementerian (PP Ps. 32)",),
        S.PEMBAHASAN_MITRA: ("Hasil pembahasan dan surat konfirmasi Kemlu (PP Ps. 33)",),
        S.PENANDATANGANAN_NASKAH: ("Surat konfirmasi", "Naskah kerja sama ditandatangani"),
        S.PELAKSANAAN: ("Bukti pelaksanaan",),
        S.PELAPORAN: ("Laporan kepada Menteri (PP Ps. 43)",),
    },
}
CHECKLIST[Kind.KSDLL] = CHECKLIST[Kind.KSDPL]
CHECKLIST[Kind.SINERGI] = {
    S.PERSIAPAN: ("Kesesuaian dengan program pemerintah pusat dan daerah (Permendagri 22/2020)",),
    S.PENAWARAN: ("Surat penawaran kerja sama",),
    S.PENYUSUNAN_KB: ("Rancangan kesepakatan bersama",),
    S.PERSETUJUAN_DPRD: ("Surat permohonan persetujuan kepada DPRD", "Keputusan DPRD"),
    S.PENYUSUNAN_PKS: ("Rancangan perjanjian kerja sama",),
    S.PENANDATANGANAN_PKS: ("Surat kuasa bila ditandatangani pejabat lain",),
    S.PELAKSANAAN: ("Bukti pelaksanaan",),
    S.PENATAUSAHAAN: ("Naskah asli diarsipkan", "Dicatat dalam register"),
    S.PELAPORAN: ("Laporan pelaksanaan kerja sama",),
}


def stages_of(kind: str) -> tuple[str, ...]:
    return SEQUENCE[kind]


def first_stage(kind: str) -> str:
    return SEQUENCE[kind][0]


def is_terminal(stage: str) -> bool:
    return stage in TERMINAL


def next_stage(kind: str, stage: str, *, dprd_step_needed: bool) -> str | None:
    """The next stage in the legal order, skipping a conditional step that is not needed."""
    order = SEQUENCE[kind]
    if stage not in order:
        return None
    for candidate in order[order.index(stage) + 1 :]:
        if candidate in CONDITIONAL and not dprd_step_needed:
            continue
        return candidate
    return None


def skipped_between(kind: str, source: str, target: str) -> tuple[str, ...]:
    """Stages passed over by a forward move (the conditional steps that were not needed)."""
    order = SEQUENCE[kind]
    if source not in order or target not in order:
        return ()
    return tuple(order[order.index(source) + 1 : order.index(target)])


def allowed_targets(
    kind: str, stage: str, *, dprd_step_needed: bool, dprd_rejected: bool = False
) -> list[str]:
    """Every stage reachable now from `stage`, in a stable order: forward, revisions, specials.

    `dprd_rejected`: the DPRD refused while the agreement waits at `persetujuan_dprd`; then
    only the revision of DPRD_REJECTION_REVISION and the cancellation remain.
    """
    if is_terminal(stage):
        return []
    if dprd_rejected and stage == S.PERSETUJUAN_DPRD:
        return [DPRD_REJECTION_REVISION[kind], S.DIBATALKAN]
    targets: list[str] = []
    forward = next_stage(kind, stage, dprd_step_needed=dprd_step_needed)
    if forward:
        targets.append(forward)
    targets.extend(REVISIONS.get(kind, {}).get(stage, ()))
    if stage in END_FROM:
        targets.append(S.SELESAI)
    targets.append(S.DIBATALKAN)
    return targets


def is_forward(kind: str, source: str, target: str) -> bool:
    order = SEQUENCE[kind]
    return source in order and target in order and order.index(target) > order.index(source)


def prerequisites(kind: str, leaving: str) -> tuple[Requirement, ...]:
    return PREREQUISITES.get(kind, {}).get(leaving, ())


def checklist(kind: str, stage: str) -> tuple[str, ...]:
    return CHECKLIST.get(kind, {}).get(stage, ())


def label(stage: str) -> str:
    return Stage(stage).label
