"""Stable codes of DOMAIN.md and API.md, with Indonesian labels."""

from django.db import models


class Kind(models.TextChoices):
    KSDD = "KSDD", "KSDD – Kerja sama dengan daerah lain"
    KSDPK = "KSDPK", "KSDPK – Kerja sama dengan pihak ketiga"
    KSDPL = "KSDPL", "KSDPL – Kerja sama dengan pemerintah daerah luar negeri"
    KSDLL = "KSDLL", "KSDLL – Kerja sama dengan lembaga luar negeri"
    # Permendagri 22/2020: K/L are no "pihak ketiga" but "sinergi" partners (DOMAIN.md 11).
    SINERGI = "SINERGI", "Sinergi – Kerja sama dengan kementerian/lembaga pusat"


class Stage(models.TextChoices):
    # KSDD / KSDPK (PP 28/2018 Ps. 6)
    PERSIAPAN = "persiapan", "Persiapan"
    PENAWARAN = "penawaran", "Penawaran"
    PENYUSUNAN_KB = "penyusunan_kb", "Penyusunan kesepakatan bersama"
    PENANDATANGANAN_KB = "penandatanganan_kb", "Penandatanganan kesepakatan bersama"
    PERSETUJUAN_DPRD = "persetujuan_dprd", "Persetujuan DPRD"
    PENYUSUNAN_PKS = "penyusunan_pks", "Penyusunan perjanjian kerja sama"
    PENANDATANGANAN_PKS = "penandatanganan_pks", "Penandatanganan perjanjian kerja sama"
    PELAKSANAAN = "pelaksanaan", "Pelaksanaan"
    PENATAUSAHAAN = "penatausahaan", "Penatausahaan"
    PELAPORAN = "pelaporan", "Pelaporan"
    # KSDPL / KSDLL (PP 28/2018 Ps. 28-33, 38-40)
    PRAKARSA = "prakarsa", "Prakarsa"
    PENJAJAKAN = "penjajakan", "Penjajakan"
    KONSULTASI_PUSAT = "konsultasi_pusat", "Konsultasi dengan Menteri dan Menteri Luar Negeri"
    PERNYATAAN_KEHENDAK = "pernyataan_kehendak", "Pernyataan kehendak (LoI)"
    PENYUSUNAN_RENCANA = "penyusunan_rencana", "Penyusunan rencana kerja sama"
    PERTIMBANGAN_MENTERI = "pertimbangan_menteri", "Pertimbangan Menteri"
    PENYUSUNAN_RANCANGAN_NASKAH = "penyusunan_rancangan_naskah", "Penyusunan rancangan naskah"
    PERSETUJUAN_PUSAT = "persetujuan_pusat", "Persetujuan pemerintah pusat"
    PEMBAHASAN_MITRA = "pembahasan_mitra", "Pembahasan dengan mitra"
    PENANDATANGANAN_NASKAH = "penandatanganan_naskah", "Penandatanganan naskah"
    # Terminal
    SELESAI = "selesai", "Selesai"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


class Status(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    SELESAI = "selesai", "Selesai"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


class PartnerType(models.TextChoices):
    DAERAH = "daerah", "Daerah lain"
    PIHAK_KETIGA = "pihak_ketiga", "Pihak ketiga"
    PEMDA_LUAR_NEGERI = "pemda_luar_negeri", "Pemerintah daerah luar negeri"
    LEMBAGA_LUAR_NEGERI = "lembaga_luar_negeri", "Lembaga luar negeri"
    INSTANSI_PUSAT = "instansi_pusat", "Kementerian/lembaga/instansi vertikal"


KIND_PARTNER_TYPE = {
    Kind.KSDD: PartnerType.DAERAH,
    Kind.KSDPK: PartnerType.PIHAK_KETIGA,
    Kind.KSDPL: PartnerType.PEMDA_LUAR_NEGERI,
    Kind.KSDLL: PartnerType.LEMBAGA_LUAR_NEGERI,
    Kind.SINERGI: PartnerType.INSTANSI_PUSAT,
}


class KsddForm(models.TextChoices):
    """KSDD wajib (bordering daerah, cross-border externalities) or sukarela (PP Ps. 3)."""

    WAJIB = "wajib", "Wajib (daerah berbatasan, PP 28/2018 Ps. 3(2))"
    SUKARELA = "sukarela", "Sukarela (PP 28/2018 Ps. 3(3))"


class DprdStatus(models.TextChoices):
    """Where an agreement stands with the DPRD (DOMAIN.md 11); only `menunggu` is waiting."""

    TIDAK_PERLU = "tidak_perlu", "Tidak perlu persetujuan DPRD"
    BELUM_DIAJUKAN = "belum_diajukan", "Belum diajukan ke DPRD"
    MENUNGGU = "menunggu", "Menunggu keputusan DPRD"
    DISETUJUI = "disetujui", "Disetujui DPRD"
    DITOLAK = "ditolak", "Ditolak DPRD"


class Ps27Condition(models.TextChoices):
    """The five conditions of PP 28/2018 Ps. 27 (KSDPL/KSDLL), confirmed before penjajakan."""

    HUBUNGAN_DIPLOMATIK = (
        "hubungan_diplomatik",
        "Mempunyai hubungan diplomatik dengan negara mitra",
    )
    URUSAN_DAERAH = "urusan_daerah", "Merupakan urusan pemerintahan yang menjadi kewenangan daerah"
    TANPA_KANTOR_PERWAKILAN = (
        "tanpa_kantor_perwakilan",
        "Pemerintah daerah tidak membuka kantor perwakilan di luar negeri",
    )
    TIDAK_MENCAMPURI = (
        "tidak_mencampuri",
        "Mitra tidak mengarah pada campur tangan urusan dalam negeri",
    )
    SESUAI_RENCANA = (
        "sesuai_rencana",
        "Sesuai dengan kebijakan dan rencana pembangunan nasional dan daerah",
    )


class ThirdPartyType(models.TextChoices):
    PERSEORANGAN = "perseorangan", "Perseorangan"
    BUMN = "bumn", "Badan Usaha Milik Negara"
    BUMD = "bumd", "Badan Usaha Milik Daerah"
    KOPERASI = "koperasi", "Koperasi"
    BADAN_USAHA_SWASTA = "badan_usaha_swasta", "Badan usaha swasta berbadan hukum"
    ORMAS_BERBADAN_HUKUM = "ormas_berbadan_hukum", "Organisasi kemasyarakatan berbadan hukum"
    ORMAS_TIDAK_BERBADAN_HUKUM = (
        "ormas_tidak_berbadan_hukum",
        "Organisasi kemasyarakatan tidak berbadan hukum",
    )
    PERGURUAN_TINGGI = "perguruan_tinggi", "Perguruan tinggi"
    LAINNYA = "lainnya", "Lainnya"


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", "Provinsi"
    KABUPATEN_KOTA = "kabupaten_kota", "Kabupaten/Kota"


class UrusanCategory(models.TextChoices):
    WAJIB_PELAYANAN_DASAR = "wajib_pelayanan_dasar", "Wajib, pelayanan dasar"
    WAJIB_NON_PELAYANAN_DASAR = "wajib_non_pelayanan_dasar", "Wajib, bukan pelayanan dasar"
    PILIHAN = "pilihan", "Pilihan"


class Bidang(models.TextChoices):
    PEMERINTAHAN = "pemerintahan", "Pemerintahan"
    EKONOMI = "ekonomi", "Ekonomi"
    PEMBANGUNAN = "pembangunan", "Pembangunan"
    LINGKUNGAN = "lingkungan", "Lingkungan"
    PARIWISATA = "pariwisata", "Pariwisata"
    SOSIAL_BUDAYA = "sosial_budaya", "Sosial budaya"


class EndReason(models.TextChoices):
    BERAKHIR_JANGKA_WAKTU = "berakhir_jangka_waktu", "Jangka waktu berakhir"
    TUJUAN_TERCAPAI = "tujuan_tercapai", "Tujuan telah tercapai"
    KESEPAKATAN_PARA_PIHAK = "kesepakatan_para_pihak", "Kesepakatan para pihak"
    PERUBAHAN_KEBIJAKAN = "perubahan_kebijakan", "Perubahan kebijakan (peraturan)"
    OBJEK_HILANG_MUSNAH = "objek_hilang_musnah", "Objek kerja sama hilang atau musnah"
    PUTUSAN_PENGADILAN = "putusan_pengadilan", "Putusan pengadilan berkekuatan hukum tetap"
    PIHAK_KETIGA_PAILIT = "pihak_ketiga_pailit", "Pihak ketiga dinyatakan pailit"


class DprdDecisionValue(models.TextChoices):
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"


class NaskahType(models.TextChoices):
    KB = "kb", "Kesepakatan bersama (KB)"
    PKS = "pks", "Perjanjian kerja sama (PKS) / naskah"
    RENCANA_KERJA_SAMA = "rencana_kerja_sama", "Rencana kerja sama"
    ADDENDUM = "addendum", "Addendum"


class DocType(models.TextChoices):
    STUDI_KELAYAKAN = "studi_kelayakan", "Studi kelayakan"
    SURAT_PENAWARAN = "surat_penawaran", "Surat penawaran"
    PERNYATAAN_KEHENDAK = "pernyataan_kehendak", "Pernyataan kehendak (LoI)"
    KB = "kb", "Kesepakatan bersama"
    PKS = "pks", "Perjanjian kerja sama"
    RENCANA_KERJA_SAMA = "rencana_kerja_sama", "Rencana kerja sama"
    SURAT_PERSETUJUAN_DPRD = "surat_persetujuan_dprd", "Surat persetujuan DPRD"
    SURAT_MENTERI = "surat_menteri", "Surat Menteri"
    SURAT_KUASA = "surat_kuasa", "Surat kuasa"
    SURAT_KONFIRMASI = "surat_konfirmasi", "Surat konfirmasi"
    LAPORAN = "laporan", "Laporan"
    BUKTI_MONEV = "bukti_monev", "Bukti monev"
    LAINNYA = "lainnya", "Lainnya"
