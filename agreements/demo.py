"""Demo data of the agreements app, from the seeds (shared/seeds). Idempotent by natural keys."""

from __future__ import annotations

from .models import Partner, Region

DEMO_PASSWORD = "demo-kerjasama-2026"  # noqa: S105 - demo accounts of the embedded default only
DEMO_USERS = (
    ("staf", "staf_kerja_sama", "Rina Staf Kerja Sama"),
    ("staf.ln", "staf_kerja_sama", "Bayu Staf Luar Negeri"),
    ("sekda", "sekda", "Sekretaris Daerah"),
    ("dprd", "dprd", "Anggota DPRD"),
    ("admin", "superuser", "Administrator"),
)

#: Partners named in the seeds: Kabupaten Malang's neighbours (seed 004), Bregasmalang (000),
#: sister-city Arnhem, a Braunschweig partner and a BUMD.
DEMO_PARTNERS = (
    {"name": "Pemerintah Kota Malang", "partner_type": "daerah", "region": "35.73"},
    {"name": "Pemerintah Kota Batu", "partner_type": "daerah", "region": "35.79"},
    {"name": "Pemerintah Kabupaten Pasuruan", "partner_type": "daerah", "region": "35.14"},
    {"name": "Pemerintah Kabupaten Blitar", "partner_type": "daerah", "region": "35.05"},
    {"name": "Pemerintah Kabupaten Lumajang", "partner_type": "daerah", "region": "35.08"},
    {"name": "Pemerintah Kabupaten Kediri", "partner_type": "daerah", "region": "35.06"},
    {"name": "Pemerintah Kabupaten Mojokerto", "partner_type": "daerah", "region": "35.16"},
    {"name": "Pemerintah Kabupaten Brebes", "partner_type": "daerah", "region": "33.29"},
    {"name": "Pemerintah Kabupaten Bekasi", "partner_type": "daerah", "region": "32.16"},
    {
        "name": "Gemeente Arnhem",
        "partner_type": "pemda_luar_negeri",
        "country_code": "NL",
        "address": "Koningstraat 38, Arnhem",
    },
    {
        "name": "Technische Universität Braunschweig",
        "partner_type": "lembaga_luar_negeri",
        "country_code": "DE",
        "address": "Universitätsplatz 2, Braunschweig",
    },
    {
        "name": "Perumda Air Minum Tirta Kanjuruhan",
        "partner_type": "pihak_ketiga",
        "third_party_type": "bumd",
        "address": "Jl. Panji No. 119, Kepanjen, Kabupaten Malang",
        "contact_name": "Bagian Umum",
        "contact_email": "umum@tirtakanjuruhan.example.id",
    },
    {
        "name": "PT Bank Pembangunan Daerah Jawa Timur Tbk",
        "partner_type": "pihak_ketiga",
        "third_party_type": "bumd",
    },
)


def load_partners() -> int:
    created = 0
    for data in DEMO_PARTNERS:
        data = dict(data)
        region_code = data.pop("region", None)
        defaults = {**data}
        if region_code:
            defaults["region"] = Region.objects.get(code=region_code)
            defaults["country_code"] = "ID"
        elif data["partner_type"] == "pihak_ketiga":
            defaults["country_code"] = "ID"
        _, was_created = Partner.objects.get_or_create(name=data["name"], defaults=defaults)
        created += int(was_created)
    return created


def load_agreements_demo() -> dict:
    """Partners now; agreements are added by the agreements issue's demo loader."""
    load_partners()
    return {"mitra": Partner.objects.count()}
