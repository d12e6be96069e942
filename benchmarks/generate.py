"""Fill a PostgreSQL database with a realistic registry of N agreements, fast (COPY).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_bench_100k \
        .venv/bin/python manage.py migrate --skip-checks
    DATABASE_URL=... .venv/bin/python benchmarks/generate.py --n 100000 --reset

Spread: KSDD 55%, KSDPK 30%, KSDPL 10%, KSDLL 5%; facilitated 2016..today; each agreement walks
its kind's legal stage order (agreements.stages.SEQUENCE, the DPRD step skipped when not needed)
with one StageHistory row per stage entered, stopping at today; KB/PKS/rencana naskah and DPRD
approvals exist wherever the stage machine would have required them; some agreements end
(`selesai`, with a PP Ps. 9 reason) or are cancelled. Registry numbers are KS/<year>/<n>, gap-free
per facilitated year, and RegistryCounter is set to match. Fixed seed: the same N gives the
same data. Documents (files) are not generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings_bench")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402

from agreements import stages  # noqa: E402
from agreements.choices import Kind, Stage  # noqa: E402
from agreements.rules import dprd_required_for, dprd_status_of  # noqa: E402
from agreements.workdays import add_working_days  # noqa: E402

SEED = 20261123
KIND_WEIGHTS = {Kind.KSDD: 55, Kind.KSDPK: 30, Kind.KSDPL: 10, Kind.KSDLL: 5}
FIRST_DAY = dt.date(2016, 1, 1)
TABLES = (
    "agreements_stagehistory",
    "agreements_naskah",
    "agreements_dprddecision",
    "agreements_agreement_partners",
    "agreements_agreement_urusan",
    "agreements_fieldchange",
    "agreements_notification",
    "agreements_document",
    "agreements_agreement",
    "agreements_partner",
    "agreements_registrycounter",
    "agreements_facilitationtally",
    "agreements_signedtally",
)
TOPICS = (
    "pengelolaan air minum lintas daerah",
    "pengelolaan sampah regional",
    "pengembangan pariwisata terpadu",
    "peningkatan jalan perbatasan",
    "pelayanan kesehatan rujukan",
    "pendidikan dan pelatihan aparatur",
    "pengembangan UMKM dan koperasi",
    "pemasaran produk pertanian",
    "penanganan banjir dan daerah aliran sungai",
    "transportasi antarmoda",
    "promosi investasi daerah",
    "pertukaran budaya dan seni",
    "alih teknologi pengolahan pangan",
    "pengembangan kota cerdas",
    "pemanfaatan aset daerah",
    "penyediaan penerangan jalan umum",
    "pengelolaan pasar induk",
    "beasiswa dan pertukaran pelajar",
    "pengembangan energi terbarukan",
    "penanggulangan bencana",
)
BIDANG = ("pemerintahan", "ekonomi", "pembangunan", "lingkungan", "pariwisata", "sosial_budaya")
THIRD_PARTY = ("bumn", "bumd", "koperasi", "badan_usaha_swasta", "ormas_berbadan_hukum", "lainnya")
COUNTRIES = ("NL", "DE", "JP", "KR", "AU", "CN", "US", "FR", "MY", "SG", "TH", "GB", "NZ", "CA")
END_REASONS = ("berakhir_jangka_waktu", "tujuan_tercapai", "kesepakatan_para_pihak")
UNITS = ("Dinas Pekerjaan Umum", "Dinas Pariwisata", "Dinas Kesehatan", "Bappeda", "BKAD")


def log(msg: str) -> None:
    print(msg, flush=True)


def make_partners(rng: random.Random, regions: list[tuple[str, str]], n_agreements: int):
    """A few thousand partners of the four types: one per region for daerah."""
    scale = max(1, n_agreements // 100_000)
    rows, by_type = [], {"daerah": [], "pihak_ketiga": [], "pemda_luar_negeri": []}
    by_type["lembaga_luar_negeri"] = []
    pid = 0

    def add(name, ptype, region, country, tpt):
        nonlocal pid
        pid += 1
        rows.append((pid, name, ptype, country, tpt, f"Alamat {name}", "", "", region))
        by_type[ptype].append(pid)

    for code, name in regions:
        add(f"Pemerintah {name}", "daerah", code, "ID", "")
    prefixes = ("PT", "CV", "Koperasi", "Yayasan", "Perumda", "PT (Persero)")
    for i in range(1800 * scale):
        tpt = rng.choice(THIRD_PARTY)
        add(f"{rng.choice(prefixes)} Mitra Usaha {i + 1:05d}", "pihak_ketiga", None, "ID", tpt)
    for i in range(400 * scale):
        c = rng.choice(COUNTRIES)
        add(f"City Government {c}-{i + 1:04d}", "pemda_luar_negeri", None, c, "")
    for i in range(300 * scale):
        c = rng.choice(COUNTRIES)
        add(f"Foreign Institute {c}-{i + 1:04d}", "lembaga_luar_negeri", None, c, "")
    return rows, by_type


def plan_agreement(rng: random.Random, kind: str, fac: dt.date, today: dt.date, dprd_req: bool):
    """Walk the legal order from the first stage; return (history, final stage, status, extras)."""
    order = [
        s for s in stages.SEQUENCE[kind] if dprd_req or s not in stages.CONDITIONAL
    ]  # DPRD step only when needed
    goal = rng.randrange(len(order))
    history = [("", order[0], fac, [])]
    day = fac
    signed: dict[str, dt.date] = {}
    reached = 0
    for i in range(1, goal + 1):
        nxt = day + dt.timedelta(days=rng.randint(7, 75))
        if nxt > today:
            break
        prev = order[i - 1]
        skipped = list(stages.skipped_between(kind, prev, order[i]))
        if prev in (Stage.PENANDATANGANAN_KB,):
            signed["kb"] = nxt
        if prev in (Stage.PENANDATANGANAN_PKS, Stage.PENANDATANGANAN_NASKAH):
            signed["pks"] = nxt
        if prev == Stage.PENYUSUNAN_RENCANA:
            signed["rencana_kerja_sama"] = nxt
        if prev == Stage.PERSETUJUAN_DPRD:
            signed["dprd"] = nxt
        if order[i] == Stage.PERSETUJUAN_DPRD:
            signed["dprd_submitted"] = nxt
        history.append((prev, order[i], nxt, skipped))
        day = nxt
        reached = i
    stage, status, reason = order[reached], "aktif", ""
    roll = rng.random()
    end_day = day + dt.timedelta(days=rng.randint(30, 400))
    if stage in stages.END_FROM and end_day <= today and roll < 0.45:
        reason = rng.choice(END_REASONS)
        history.append((stage, Stage.SELESAI, end_day, []))
        stage, status = Stage.SELESAI, "selesai"
    elif roll > 0.93 and end_day <= today:
        history.append((stage, Stage.DIBATALKAN, end_day, []))
        stage, status = Stage.DIBATALKAN, "dibatalkan"
    return history, stage, status, reason, signed


def copy_rows(cur, table: str, columns: tuple[str, ...], rows) -> int:
    # A migration that adds a NOT NULL column without a database default would otherwise fail
    # deep inside COPY after minutes of building rows: name the missing columns first.
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    missing = sorted({name for (name,) in cur.fetchall()} - set(columns))
    if missing:
        sys.exit(f"{table}: kolom wajib tanpa nilai bawaan belum diisi generate.py: {missing}")
    count = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def generate(url: str, n: int, reset: bool) -> None:
    rng = random.Random(SEED)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SELECT count(*) FROM agreements_agreement")
        (existing,) = cur.fetchone()
        if existing and not reset:
            sys.exit(f"Sudah ada {existing} kerja sama; pakai --reset untuk mengulang.")
        if reset:
            cur.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        cur.execute("SELECT code, name FROM agreements_region ORDER BY code")
        regions = cur.fetchall()
        cur.execute("SELECT code FROM agreements_urusan ORDER BY code")
        urusan = [r[0] for r in cur.fetchall()]
        if not regions or not urusan:
            sys.exit("Data referensi kosong: jalankan `manage.py migrate` dulu.")

        partner_rows, by_type = make_partners(rng, regions, n)
        total = copy_rows(
            cur,
            "agreements_partner",
            ("id", "name", "partner_type", "country_code", "third_party_type", "address",
             "contact_name", "contact_email", "region_id", "created_at", "updated_at"),
            ((*r, now, now) for r in partner_rows),
        )  # fmt: skip
        log(f"mitra: {total}")

        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        span = (today - FIRST_DAY).days
        dates = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n))
        counters: dict[int, int] = {}
        deadlines: dict[dt.date, dt.date] = {}
        agreements, history, naskah, dprd, links, urusan_links = [], [], [], [], [], []
        partner_type_of = {
            Kind.KSDD: "daerah",
            Kind.KSDPK: "pihak_ketiga",
            Kind.KSDPL: "pemda_luar_negeri",
            Kind.KSDLL: "lembaga_luar_negeri",
        }
        for aid, fac in enumerate(dates, start=1):
            kind = rng.choices(kinds, weights)[0]
            burdens = rng.random() < 0.2
            budgeted = rng.random() > 0.15
            dprd_req = dprd_required_for(kind, burdens, budgeted)
            hist, stage, status, reason, signed = plan_agreement(rng, kind, fac, today, dprd_req)
            counters[fac.year] = counters.get(fac.year, 0) + 1
            number = f"KS/{fac.year}/{counters[fac.year]:04d}"
            pool = by_type[partner_type_of[kind]]
            chosen = {rng.choice(pool)}
            if rng.random() < 0.1:
                chosen.add(rng.choice(pool))
            links.extend((aid, p) for p in chosen)
            urusan_links.extend((aid, u) for u in rng.sample(urusan, rng.choice((1, 1, 2, 3))))
            topic = rng.choice(TOPICS)
            title = f"Kerja sama {topic} {number}"
            start = signed.get("pks")
            end = start + dt.timedelta(days=365 * rng.randint(1, 5)) if start else None
            dprd_deadline = None
            if "dprd_submitted" in signed and kind in stages.DPRD_DEADLINE_WORKING_DAYS:
                submitted = signed["dprd_submitted"]
                if submitted not in deadlines:
                    deadlines[submitted] = add_working_days(
                        submitted, stages.DPRD_DEADLINE_WORKING_DAYS[kind]
                    )
                dprd_deadline = deadlines[submitted]
            agreements.append((
                aid, now, now, number, title, kind, rng.choice(BIDANG),
                f"Ringkasan {topic}.", "", "", "APBD" if budgeted else "Mitra",
                rng.randrange(10, 5000) * 1_000_000 if kind == Kind.KSDPK else None,
                burdens, budgeted, dprd_req, rng.choice(UNITS), fac, start, end,
                rng.random() < 0.05, stage, status, reason,
                signed.get("dprd_submitted"), signed.get("dprd_submitted"), dprd_deadline,
                dprd_status_of(kind=kind, stage=stage, dprd_required=dprd_req,
                               decision="disetujui" if "dprd" in signed else None),
                False, "", len(hist),
            ))  # fmt: skip
            for from_s, to_s, day, skipped in hist:
                note = "Prakarsa kerja sama didaftarkan." if not from_s else ""
                history.append((aid, from_s, to_s, day, note, reason if to_s == "selesai" else "",
                                json.dumps(skipped), now, False))  # fmt: skip
            for ntype in ("kb", "pks", "rencana_kerja_sama"):
                if ntype in signed:
                    day = signed[ntype]
                    naskah.append((aid, ntype, f"{ntype.upper()}/{aid}/{day.year}", "", day, now))
            if "dprd" in signed:
                dprd.append((aid, "disetujui", signed["dprd"], f"DPRD/{aid}", "", False, now))

        t_build = time.perf_counter()
        rows = 0
        rows += copy_rows(
            cur,
            "agreements_agreement",
            ("id", "created_at", "updated_at", "number", "title", "kind", "bidang", "summary",
             "objective", "scope", "financing_source", "value_idr", "burdens_public",
             "budgeted_in_apbd", "dprd_required", "initiating_unit", "facilitated_on",
             "start_date", "end_date", "confidential", "stage", "status", "end_reason",
             "dprd_submitted_on", "dprd_received_on", "dprd_deadline", "dprd_status",
             "entered_after_fact", "import_key", "version"),
            agreements,
        )  # fmt: skip
        rows += copy_rows(
            cur,
            "agreements_stagehistory",
            ("agreement_id", "from_stage", "to_stage", "date", "note", "reason", "skipped",
             "created_at", "automatic"),
            history,
        )  # fmt: skip
        rows += copy_rows(
            cur,
            "agreements_naskah",
            ("agreement_id", "naskah_type", "number", "title", "signed_on", "created_at"),
            naskah,
        )
        rows += copy_rows(
            cur,
            "agreements_dprddecision",
            ("agreement_id", "decision", "date", "letter_number", "note", "superseded",
             "created_at"),
            dprd,
        )  # fmt: skip
        rows += copy_rows(
            cur, "agreements_agreement_partners", ("agreement_id", "partner_id"), links
        )
        rows += copy_rows(
            cur, "agreements_agreement_urusan", ("agreement_id", "urusan_id"), urusan_links
        )
        copy_rows(cur, "agreements_registrycounter", ("year", "last"), sorted(counters.items()))
        for table in ("agreements_agreement", "agreements_partner"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.commit()
        t_copy = time.perf_counter()
        conn.autocommit = True
        cur.execute(
            "ANALYZE agreements_agreement, agreements_stagehistory, agreements_naskah, "
            "agreements_agreement_partners, agreements_agreement_urusan, agreements_partner, "
            "agreements_dprddecision"
        )
    # COPY bypasses the services: recompute the summaries they keep (agreements.tallies).
    from agreements import tallies

    t_tally = time.perf_counter()
    tallies.rebuild()
    log(f"ringkasan IKU/Tabel 2.1 dihitung ulang: {time.perf_counter() - t_tally:.1f} s")
    elapsed = time.perf_counter() - started
    log(
        f"kerja sama {n}, riwayat {len(history)}, naskah {len(naskah)}, DPRD {len(dprd)}, "
        f"tautan mitra {len(links)}, tautan urusan {len(urusan_links)}"
    )
    log(
        f"susun data {t_build - started:.1f} s, COPY {t_copy - t_build:.1f} s "
        f"({rows / (t_copy - t_build):,.0f} baris/s), total {elapsed:.1f} s "
        f"({(rows + len(partner_rows)) / elapsed:,.0f} baris/s, {n / elapsed:,.0f} kerja sama/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="jumlah kerja sama")
    parser.add_argument("--reset", action="store_true", help="kosongkan tabel registri dulu")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL harus menunjuk ke PostgreSQL (postgres://...).")
    generate(url, args.n, args.reset)


if __name__ == "__main__":
    main()
