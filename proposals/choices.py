"""Codes of a proposal from outside (DOMAIN.md section 11, API.md "Proposals").

The kinds, proposer types and third-party types carry the agreement core's codes with labels
written for the public; which proposer may ask for which kind is the core's rule
(`KIND_PARTNER_TYPE`), not a copy. tests/proposals checks the codes stay the core's.
"""

from django.db import models

from agreements.choices import KIND_PARTNER_TYPE


class ProposalStatus(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DIKAJI = "dikaji", "Sedang dikaji"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan"
    DITERIMA = "diterima", "Diterima"
    DITOLAK = "ditolak", "Ditolak"


#: Statuses in which the Bagian still has to decide.
OPEN_STATUSES = (ProposalStatus.DIAJUKAN, ProposalStatus.DIKAJI)
#: Final decisions (the proposal is closed; counted as "decided" on the dashboard).
FINAL_STATUSES = (ProposalStatus.DITERIMA, ProposalStatus.DITOLAK)


class Decision(models.TextChoices):
    DITERIMA = "diterima", "Diterima: daftarkan sebagai prakarsa kerja sama"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan oleh pengusul"
    DITOLAK = "ditolak", "Ditolak"


class ProposerType(models.TextChoices):
    DAERAH = "daerah", "Pemerintah daerah lain (provinsi/kabupaten/kota)"
    PIHAK_KETIGA = (
        "pihak_ketiga",
        "Pihak ketiga (badan usaha, perguruan tinggi, organisasi, perseorangan)",
    )
    PEMDA_LUAR_NEGERI = "pemda_luar_negeri", "Pemerintah daerah luar negeri"
    LEMBAGA_LUAR_NEGERI = "lembaga_luar_negeri", "Lembaga luar negeri"
    INSTANSI_PUSAT = "instansi_pusat", "Kementerian, lembaga, atau instansi vertikal (pusat)"


class ProposalKind(models.TextChoices):
    KSDD = "KSDD", "KSDD – Kerja sama dengan daerah lain"
    KSDPK = "KSDPK", "KSDPK – Kerja sama dengan pihak ketiga"
    KSDPL = "KSDPL", "KSDPL – Kerja sama dengan pemerintah daerah luar negeri"
    KSDLL = "KSDLL", "KSDLL – Kerja sama dengan lembaga luar negeri"
    SINERGI = "SINERGI", "Sinergi program Pemerintah Pusat dan Daerah"


#: Which proposer may ask for which kind (the kind's partner type, DOMAIN.md sections 2 and 11).
KIND_PROPOSER_TYPE = {
    ProposalKind(kind): ProposerType(partner_type)
    for kind, partner_type in KIND_PARTNER_TYPE.items()
}


class ProposerThirdPartyType(models.TextChoices):
    PERSEORANGAN = "perseorangan", "Perseorangan"
    BUMN = "bumn", "Badan Usaha Milik Negara"
    BUMD = "bumd", "Badan Usaha Milik Daerah"
    KOPERASI = "koperasi", "Koperasi"
    BADAN_USAHA_SWASTA = "badan_usaha_swasta", "Badan usaha swasta berbadan hukum"
    PERGURUAN_TINGGI = "perguruan_tinggi", "Perguruan tinggi"
    ORMAS_BERBADAN_HUKUM = "ormas_berbadan_hukum", "Organisasi kemasyarakatan berbadan hukum"
    ORMAS_TIDAK_BERBADAN_HUKUM = (
        "ormas_tidak_berbadan_hukum",
        "Organisasi kemasyarakatan tidak berbadan hukum",
    )
    LAINNYA = "lainnya", "Lainnya"


class EventType(models.TextChoices):
    DIAJUKAN = "diajukan", "Usulan diajukan"
    REVISI = "revisi", "Perbaikan dikirim pengusul"
    DIKAJI = "dikaji", "Mulai dikaji"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Diminta perbaikan"
    DITERIMA = "diterima", "Diterima"
    DITOLAK = "ditolak", "Ditolak"


#: The review checklist (DOMAIN.md "Proposals from outside"), in the order staff read it.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("urusan_daerah", "Objek merupakan urusan pemerintahan yang menjadi kewenangan daerah"),
    ("sesuai_rencana", "Sesuai dengan RPJMD dan Renstra perangkat daerah"),
    ("manfaat", "Memberi manfaat nyata bagi daerah dan masyarakat"),
    ("kapasitas_pembiayaan", "Kapasitas pelaksana dan sumber pembiayaan jelas"),
    ("legalitas_pengusul", "Kedudukan hukum (legalitas) pengusul jelas"),
    ("risiko", "Risiko (hukum, keuangan, sosial) telah dikenali dan dapat dikelola"),
)
CHECKLIST_CODES = tuple(code for code, _ in CHECKLIST)
CHECKLIST_LABELS = dict(CHECKLIST)
