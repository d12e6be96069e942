"""The register's columns, the import's row states and its file error: shared by every step.

`reading` turns a file into rows of these columns, `cleaning` checks each row, `writing` analyses
and writes them, `template` documents them in the downloadable workbook.
"""

from __future__ import annotations

from agreements.choices import Kind, PartnerType, ThirdPartyType
from kerjasama.errors import DomainError

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

ROW_NEW = "baru"
ROW_EXISTS = "sudah_ada"
ROW_ERROR = "galat"


class ImportFileError(DomainError):
    code = "invalid_file"
