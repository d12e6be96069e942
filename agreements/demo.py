"""Demo data of the agreements app, from the seeds (shared/seeds). Idempotent by natural keys."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import services, stages
from .choices import DocType, NaskahType
from .models import Agreement, Partner, Region

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
    {"name": "Badan Pusat Statistik Kabupaten Malang", "partner_type": "instansi_pusat"},
    {
        "name": "Universitas Brawijaya",
        "partner_type": "pihak_ketiga",
        "third_party_type": "perguruan_tinggi",
        "address": "Jl. Veteran, Malang",
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
        elif data["partner_type"] in ("pihak_ketiga", "instansi_pusat"):
            defaults["country_code"] = "ID"
        _, was_created = Partner.objects.get_or_create(name=data["name"], defaults=defaults)
        created += int(was_created)
    return created


def load_agreements_demo() -> dict:
    """Partners and ~25 agreements walked through the real services (idempotent by title)."""
    load_partners()
    created = load_agreements()
    return {
        "mitra": Partner.objects.count(),
        "kerja sama": Agreement.objects.count(),
        "kerja sama baru": created,
    }


# --------------------------------------------------------------------------- agreements

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DemoAgreement:
    """One demo agreement and how far it has come; dates drive the stage walk."""

    title: str
    kind: str
    partners: tuple[str, ...]
    facilitated_on: dt.date
    stage: str
    urusan: tuple[str, ...] = ()
    bidang: str = ""
    summary: str = ""
    value_idr: int | None = None
    burdens_public: bool = False
    budgeted_in_apbd: bool = True
    confidential: bool = False
    initiating_unit: str = ""
    kb_on: dt.date | None = None  # KB signed (KSDD/KSDPK)
    pks_on: dt.date | None = None  # PKS / signed naskah
    years: int = 5  # term from the PKS date
    end_in_days: int | None = None  # end date relative to today (expiry reminders)
    dprd_entered_days_ago: int | None = None  # running 45-day clock
    end_reason: str = ""
    ended_on: dt.date | None = None
    cancel_note: str = ""
    from_stage: str = ""  # where a cancelled/ended agreement was


D = dt.date
SAMPAH, AIR, PU, WISATA, KESEHATAN = ("2.11",), ("1.03",), ("1.03",), ("3.26",), ("1.02",)
KAB_PASURUAN = "Pemerintah Kabupaten Pasuruan"
KOTA_MALANG = "Pemerintah Kota Malang"
KOTA_BATU = "Pemerintah Kota Batu"
TIRTA = "Perumda Air Minum Tirta Kanjuruhan"
BANK_JATIM = "PT Bank Pembangunan Daerah Jawa Timur Tbk"
ARNHEM = "Gemeente Arnhem"
TU_BS = "Technische Universität Braunschweig"

#: 2019: 6 KSDD (5 with a KB/PKS signed by 31-12-2019) and 4 others (3 signed): IKU 8/10 = 80%.
DEMO_AGREEMENTS: tuple[DemoAgreement, ...] = (
    DemoAgreement(
        "Pengelolaan sampah regional di TPA Talangagung", "KSDD", (KAB_PASURUAN,),
        D(2019, 2, 11), "pelaksanaan", SAMPAH, "lingkungan",
        "Pengangkutan dan pemrosesan akhir sampah dua daerah di TPA regional.",
        2_400_000_000, kb_on=D(2019, 5, 20), pks_on=D(2019, 9, 16), end_in_days=60,
        initiating_unit="Dinas Lingkungan Hidup",
    ),
    DemoAgreement(
        "Pengembangan destinasi wisata terpadu Malang Raya", "KSDD", (KOTA_BATU,),
        D(2019, 3, 4), "pelaporan", WISATA, "pariwisata",
        "Paket wisata bersama, promosi, dan jalur wisata lintas daerah.",
        650_000_000, kb_on=D(2019, 4, 15), pks_on=D(2019, 8, 12),
        initiating_unit="Dinas Kebudayaan dan Pariwisata",
    ),
    DemoAgreement(
        "Penyediaan air minum lintas wilayah Kota Malang", "KSDD", (KOTA_MALANG,),
        D(2019, 1, 21), "pelaksanaan", AIR, "pembangunan",
        "Pemanfaatan sumber air baku Kabupaten untuk jaringan air minum Kota Malang.",
        5_750_000_000, burdens_public=True, kb_on=D(2019, 3, 18), pks_on=D(2019, 8, 26),
        years=10, initiating_unit="Dinas Pekerjaan Umum Sumber Daya Air",
    ),
    DemoAgreement(
        "Penanganan jalan poros perbatasan Kabupaten Blitar", "KSDD",
        ("Pemerintah Kabupaten Blitar",), D(2019, 5, 6), "selesai", PU, "pembangunan",
        "Pemeliharaan bersama ruas jalan poros di perbatasan kedua kabupaten.",
        1_100_000_000, kb_on=D(2019, 7, 1), pks_on=D(2019, 10, 14),
        end_reason="berakhir_jangka_waktu", ended_on=D(2024, 10, 14), from_stage="pelaporan",
    ),
    DemoAgreement(
        "Pelayanan kesehatan rujukan wilayah perbatasan Lumajang", "KSDD",
        ("Pemerintah Kabupaten Lumajang",), D(2019, 8, 19), "penyusunan_pks", KESEHATAN,
        "sosial_budaya", "Rujukan pasien antar-rumah sakit daerah di wilayah perbatasan.",
        kb_on=D(2019, 11, 25), initiating_unit="Dinas Kesehatan",
    ),
    DemoAgreement(
        "Pengendalian banjir DAS Brantas hilir", "KSDD", ("Pemerintah Kabupaten Kediri",),
        D(2019, 9, 9), "penyusunan_pks", PU, "lingkungan",
        "Normalisasi sungai dan sistem peringatan dini banjir bersama.",
        kb_on=D(2020, 1, 5),  # facilitated in 2019, signed in 2020: 2020 output, not 2019 IKU
    ),
    DemoAgreement(
        "Pengelolaan SPAM regional bersama Perumda Tirta Kanjuruhan", "KSDPK", (TIRTA,),
        D(2019, 2, 25), "pelaksanaan", AIR, "pembangunan",
        "Operasi dan pemeliharaan sistem penyediaan air minum regional oleh BUMD.",
        3_200_000_000, kb_on=D(2019, 5, 6), pks_on=D(2019, 12, 2),
        initiating_unit="Bagian Perekonomian",
    ),
    DemoAgreement(
        "Riset pengelolaan air dan sanitasi dengan TU Braunschweig", "KSDLL", (TU_BS,),
        D(2019, 1, 14), "pelaksanaan", ("2.11", "1.03"), "lingkungan",
        "Riset terapan, pertukaran peneliti, dan alih teknologi pengolahan air limbah.",
        pks_on=D(2019, 12, 9), initiating_unit="Badan Perencanaan Pembangunan Daerah",
    ),
    DemoAgreement(
        "Layanan pembayaran pajak daerah nontunai", "KSDPK", (BANK_JATIM,),
        D(2019, 4, 1), "pelaksanaan", ("2.16",), "ekonomi",
        "Kanal pembayaran PBB-P2 dan pajak daerah melalui bank daerah.",
        kb_on=D(2019, 8, 5), pks_on=D(2019, 10, 21), initiating_unit="Badan Pendapatan Daerah",
    ),
    DemoAgreement(
        "Pemanfaatan aset gedung eks Kawedanan Kepanjen", "KSDPK", (BANK_JATIM,),
        D(2019, 6, 17), "dibatalkan", ("2.10",), "ekonomi",
        "Sewa dan pemanfaatan gedung milik daerah untuk kantor layanan.",
        cancel_note="Pihak ketiga menarik penawarannya sebelum kesepakatan bersama.",
        from_stage="penawaran",
    ),
    # 2025
    DemoAgreement(
        "Pengembangan kawasan agropolitan Mojokerto–Malang", "KSDD",
        ("Pemerintah Kabupaten Mojokerto",), D(2025, 2, 3), "pelaksanaan", ("3.27",), "ekonomi",
        "Rantai pasok hortikultura dan pasar induk bersama.", 800_000_000,
        kb_on=D(2025, 4, 14), pks_on=D(2025, 7, 21), end_in_days=75,
    ),
    DemoAgreement(
        "Pertukaran pengetahuan agrowisata dengan Kabupaten Brebes", "KSDD",
        ("Pemerintah Kabupaten Brebes",), D(2025, 3, 10), "penyusunan_pks", WISATA,
        "pariwisata", "Studi tiru dan promosi bersama agrowisata.", kb_on=D(2025, 6, 2),
    ),
    DemoAgreement(
        "Sistem informasi pelayanan publik terpadu dengan Kabupaten Bekasi", "KSDD",
        ("Pemerintah Kabupaten Bekasi",), D(2025, 5, 12), "pelaksanaan", ("2.16",),
        "pemerintahan", "Replikasi aplikasi mal pelayanan publik daring.",
        kb_on=D(2025, 9, 8), pks_on=D(2025, 11, 17), years=3,
    ),
    DemoAgreement(
        "Kartu kredit pemerintah daerah", "KSDPK", (BANK_JATIM,), D(2025, 1, 20),
        "pelaksanaan", ("2.16",), "ekonomi",
        "Penggunaan kartu kredit pemerintah untuk belanja operasional.", 0,
        confidential=True, kb_on=D(2025, 3, 10), pks_on=D(2025, 5, 19), end_in_days=45,
        initiating_unit="Badan Keuangan dan Aset Daerah",
    ),
    DemoAgreement(
        "Kota kembar Kabupaten Malang – Gemeente Arnhem", "KSDPL", (ARNHEM,),
        D(2025, 9, 1), "persetujuan_dprd", ("3.26", "2.22"), "sosial_budaya",
        "Sister city: pertukaran budaya, pendidikan vokasi, dan promosi pariwisata.",
        dprd_entered_days_ago=10, initiating_unit="Bagian Kerja Sama",
    ),
    DemoAgreement(
        "Angkutan wisata terintegrasi Batu–Malang", "KSDD", (KOTA_BATU,), D(2025, 1, 6),
        "pelaporan", ("2.15",), "pariwisata", "Rute bus wisata bersama akhir pekan.",
        kb_on=D(2025, 2, 17), pks_on=D(2025, 5, 5), years=2,
    ),
    # 2026
    DemoAgreement(
        "Pengangkutan sampah lintas batas ke TPA regional", "KSDD", (KAB_PASURUAN,),
        D(2026, 1, 12), "penawaran", SAMPAH, "lingkungan",
        "Perluasan layanan pengangkutan sampah ke kecamatan perbatasan.",
    ),
    DemoAgreement(
        "Integrasi transportasi publik Malang Raya", "KSDD", (KOTA_MALANG, KOTA_BATU),
        D(2026, 2, 2), "persetujuan_dprd", ("2.15",), "pembangunan",
        "Subsidi bersama angkutan umum terintegrasi; belum dianggarkan dalam APBD berjalan.",
        4_000_000_000, budgeted_in_apbd=False, kb_on=D(2026, 4, 20),
    ),
    DemoAgreement(
        "Penurunan kehilangan air (NRW) bersama Perumda Tirta Kanjuruhan", "KSDPK", (TIRTA,),
        D(2026, 3, 2), "persiapan", AIR, "pembangunan",
        "Kajian kelayakan skema kinerja penurunan kehilangan air.",
    ),
    DemoAgreement(
        "Beasiswa dan magang teknik lingkungan TU Braunschweig", "KSDLL", (TU_BS,),
        D(2026, 2, 16), "penjajakan", ("1.01",), "sosial_budaya",
        "Beasiswa magister dan magang bagi ASN teknik lingkungan.",
    ),
    DemoAgreement(
        "Pemasaran bersama produk UMKM Blitar–Malang", "KSDD",
        ("Pemerintah Kabupaten Blitar",), D(2026, 4, 6), "pelaksanaan", ("2.17",), "ekonomi",
        "Etalase dan pameran bersama produk UMKM.", 150_000_000,
        kb_on=D(2026, 6, 15), pks_on=D(2026, 8, 17), end_in_days=80,
    ),
    DemoAgreement(
        "Tanggap darurat bencana erupsi Semeru", "KSDD", ("Pemerintah Kabupaten Lumajang",),
        D(2026, 1, 19), "penyusunan_pks", ("1.05",), "sosial_budaya",
        "Dukungan logistik dan relawan saat tanggap darurat.", kb_on=D(2026, 2, 9),
    ),
    DemoAgreement(
        "Festival budaya Malang Raya 2026", "KSDD", (KOTA_BATU,), D(2026, 5, 4), "selesai",
        ("2.22",), "sosial_budaya", "Penyelenggaraan festival budaya bersama.", 300_000_000,
        kb_on=D(2026, 6, 1), pks_on=D(2026, 7, 6), years=1, end_reason="tujuan_tercapai",
        ended_on=D(2026, 10, 5), from_stage="pelaksanaan",
    ),
    DemoAgreement(
        "Konservasi hulu DAS Brantas dengan Kabupaten Mojokerto", "KSDD",
        ("Pemerintah Kabupaten Mojokerto",), D(2026, 6, 8), "penyusunan_kb", ("3.28",),
        "lingkungan", "Penanaman dan perlindungan mata air di hulu DAS Brantas.",
    ),
    DemoAgreement(
        "Pendampingan keuangan BUMD air minum", "KSDPK", (TIRTA,), D(2026, 5, 18),
        "penandatanganan_kb", AIR, "ekonomi",
        "Restrukturisasi keuangan dan penyertaan modal BUMD.", 1_000_000_000,
        burdens_public=True,
    ),
    DemoAgreement(
        "Sinergi data statistik sektoral dengan BPS Kabupaten Malang", "SINERGI",
        ("Badan Pusat Statistik Kabupaten Malang",), D(2026, 3, 16), "penawaran", ("2.20",),
        "pemerintahan", "Satu data: pembinaan statistik sektoral perangkat daerah.",
    ),
    DemoAgreement(
        "Kuliah kerja nyata tematik desa wisata dengan Universitas Brawijaya", "KSDPK",
        ("Universitas Brawijaya",), D(2026, 7, 6), "persiapan", WISATA, "sosial_budaya",
        "Pendampingan desa wisata oleh mahasiswa dan dosen.",
    ),
)  # fmt: skip

#: KSDD of bordering daerah for affairs with cross-border externalities (PP Ps. 3(2)); the other
#: KSDD of the demo are voluntary.
KSDD_WAJIB = {
    "Pengelolaan sampah regional di TPA Talangagung",
    "Penyediaan air minum lintas wilayah Kota Malang",
    "Pengendalian banjir DAS Brantas hilir",
    "Pengangkutan sampah lintas batas ke TPA regional",
    "Integrasi transportasi publik Malang Raya",
    "Konservasi hulu DAS Brantas dengan Kabupaten Mojokerto",
}

#: The PP Ps. 30(3) elements of the rencana kerja sama of the foreign demo agreements.
RENCANA = {
    "Kota kembar Kabupaten Malang – Gemeente Arnhem": {
        "background": "Hubungan persahabatan sejak kunjungan delegasi 2023; kesamaan potensi "
        "pariwisata dan pendidikan vokasi.",
        "targets": "Dua program pertukaran pelajar vokasi dan satu paket promosi wisata per tahun.",
        "object": "Pertukaran budaya, pendidikan vokasi, promosi pariwisata.",
        "scope": "Kunjungan kerja, magang, pameran bersama, dan pertukaran tenaga ahli.",
    },
    "Riset pengelolaan air dan sanitasi dengan TU Braunschweig": {
        "background": "Kebutuhan teknologi pengolahan air limbah yang tepat guna di perdesaan.",
        "targets": "Satu instalasi percontohan dan sepuluh peneliti daerah terlatih.",
        "object": "Riset terapan pengolahan air limbah dan sanitasi.",
        "scope": "Riset bersama, pertukaran peneliti, dan alih teknologi.",
    },
    "Beasiswa dan magang teknik lingkungan TU Braunschweig": {
        "background": "Kekurangan tenaga ahli teknik lingkungan di perangkat daerah.",
        "object": "Beasiswa magister dan magang teknik lingkungan bagi ASN.",
    },
}


def _demo_pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned document."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    name = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60]
    return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), content_type="application/pdf")


def _satisfy(agreement: Agreement, spec: DemoAgreement, date: dt.date, user) -> dt.date:
    """Create what blocks leaving the current stage; returns the date the stage is left."""
    for req in stages.prerequisites(agreement.kind, agreement.stage):
        if req.source == "document":
            services.document_upload(
                agreement_id=agreement.pk,
                doc_type=req.code,
                user=user,
                title=f"{DocType(req.code).label} – {spec.title}",
                uploaded_file=_demo_pdf(f"{req.code} {spec.title}"),
            )
        elif req.source == "condition":
            services.condition_record(
                agreement_id=agreement.pk,
                code=req.code,
                confirmed=True,
                note="Dikonfirmasi dalam rapat penjajakan bersama Bagian Hukum.",
                user=user,
            )
        elif req.source == "fields" and services.requirement_missing(agreement, req) is None:
            continue  # every element of the rencana is filled in
        elif req.source in ("naskah", "fields"):
            if req.source == "fields":  # else the signed rencana stands in for the elements
                req = req.alternative
            signed_on = {"kb": spec.kb_on, "pks": spec.pks_on}.get(req.code) or date
            doc_type = req.code if req.code in DocType.values else DocType.LAINNYA
            document = services.document_upload(
                agreement_id=agreement.pk,
                doc_type=doc_type,
                user=user,
                title=f"{NaskahType(req.code).label} – {spec.title}",
                uploaded_file=_demo_pdf(f"{req.code} {spec.title}"),
            )
            valid_until = None
            if req.code == "pks":
                valid_until = signed_on.replace(year=signed_on.year + spec.years) - DAY
            services.naskah_create(
                agreement_id=agreement.pk,
                naskah_type=req.code,
                signed_on=signed_on,
                number=f"{req.code.upper()}/{agreement.number}",
                title=spec.title,
                valid_from=signed_on if req.code == "pks" else None,
                valid_until=valid_until,
                document=document.pk,
                user=user,
            )
            date = max(date, signed_on)
        else:
            decided = date + 21 * DAY
            services.dprd_decision_record(
                agreement_id=agreement.pk,
                decision="disetujui",
                date=decided,
                user=user,
                letter_number=f"170/{agreement.pk}/35.07.100/{decided.year}",
                note="Disetujui dalam rapat paripurna.",
            )
            date = decided
    return date


def _walk(agreement: Agreement, spec: DemoAgreement, user) -> None:
    """Move through the stage table to the demo's stage, creating what each move needs."""
    today = timezone.localdate()
    target = spec.from_stage or spec.stage
    date = spec.facilitated_on
    order = stages.stages_of(agreement.kind)
    while agreement.stage != target:
        date = _satisfy(agreement, spec, date, user)
        forward = services.allowed_transitions(agreement)[0]
        step = date + 3 * DAY
        if forward == "persetujuan_dprd" and spec.dprd_entered_days_ago is not None:
            step = today - spec.dprd_entered_days_ago * DAY
        date = min(max(step, spec.facilitated_on), today)
        if order.index(forward) > order.index(target):
            raise ValueError(f"demo {spec.title}: {target} is not on the way")
        agreement = services.agreement_transition(
            agreement_id=agreement.pk, to=forward, date=date, user=user
        )
    if spec.stage == "selesai":
        services.agreement_transition(
            agreement_id=agreement.pk,
            to="selesai",
            date=spec.ended_on or date,
            user=user,
            reason=spec.end_reason,
            note="Kerja sama berakhir.",
        )
    elif spec.stage == "dibatalkan":
        services.agreement_transition(
            agreement_id=agreement.pk,
            to="dibatalkan",
            date=date + 30 * DAY,
            user=user,
            note=spec.cancel_note,
        )


def load_agreements() -> int:
    """Create the demo agreements that do not exist yet (keyed by title)."""
    staf = User.objects.filter(username="staf").first()
    staf_ln = User.objects.filter(username="staf.ln").first() or staf
    existing = set(
        Agreement.objects.filter(title__in=[spec.title for spec in DEMO_AGREEMENTS]).values_list(
            "title", flat=True
        )
    )
    partners = dict(Partner.objects.values_list("name", "pk"))
    created = 0
    for spec in DEMO_AGREEMENTS:
        if spec.title in existing:
            continue
        user = staf if spec.kind == "KSDD" else staf_ln
        today = timezone.localdate()
        start = spec.pks_on
        end = None
        if spec.end_in_days is not None:
            end = today + spec.end_in_days * DAY
        elif start:
            end = start.replace(year=start.year + spec.years) - DAY
        agreement = services.agreement_create(
            user=user,
            title=spec.title,
            kind=spec.kind,
            partners=[partners[name] for name in spec.partners],
            urusan=list(spec.urusan),
            facilitated_on=spec.facilitated_on,
            bidang=spec.bidang,
            summary=spec.summary,
            objective=spec.summary,
            ksdd_form=("wajib" if spec.title in KSDD_WAJIB else "sukarela")
            if spec.kind == "KSDD"
            else "",
            **RENCANA.get(spec.title, {}),
            value_idr=spec.value_idr,
            burdens_public=spec.burdens_public,
            budgeted_in_apbd=spec.budgeted_in_apbd,
            confidential=spec.confidential,
            initiating_unit=spec.initiating_unit,
            financing_source="APBD" if spec.value_idr else "",
            start_date=start,
            end_date=end,
        )
        _walk(agreement, spec, user)
        if spec.stage == "penjajakan":  # exploration under way: some conditions confirmed
            for code in ("hubungan_diplomatik", "urusan_daerah", "tanpa_kantor_perwakilan"):
                services.condition_record(
                    agreement_id=agreement.pk,
                    code=code,
                    confirmed=True,
                    note="Dikonfirmasi dalam rapat penjajakan.",
                    user=user,
                )
        created += 1
    return created
