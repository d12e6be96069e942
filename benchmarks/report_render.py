"""Time the annual monev PDF through our code against bare WeasyPrint on the same HTML.

    .venv/bin/python benchmarks/report_render.py              # throwaway SQLite database
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/report_render.py --n 100

Creates N agreements facilitated in the benchmark year (a third of them with a signed KB), then
1. renders the monev_annual report the way the worker does (queries, Django template, print.css,
   local-only URL fetcher, WeasyPrint, page count with pypdf), and
2. prints the very same HTML with a bare `weasyprint.HTML(string=...).write_pdf()`,
and prints both times and their ratio. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="kerjasama-bench-")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("MEDIA_ROOT", _tmp)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from agreements import stages  # noqa: E402
from agreements.choices import Kind, PartnerType  # noqa: E402
from agreements.models import Agreement, Naskah, Partner, Region, RegistryCounter  # noqa: E402
from monitoring.models import Indicator, Target  # noqa: E402
from reports import rendering  # noqa: E402
from reports.models import ReportType  # noqa: E402

KINDS = (Kind.KSDD, Kind.KSDPK, Kind.KSDPL, Kind.KSDLL)
PARTNER_TYPES = {
    Kind.KSDD: {"partner_type": PartnerType.DAERAH},
    Kind.KSDPK: {"partner_type": PartnerType.PIHAK_KETIGA, "third_party_type": "bumd"},
    Kind.KSDPL: {"partner_type": PartnerType.PEMDA_LUAR_NEGERI, "country_code": "NL"},
    Kind.KSDLL: {"partner_type": PartnerType.LEMBAGA_LUAR_NEGERI, "country_code": "DE"},
}


@transaction.atomic
def create_agreements(n: int, year: int) -> None:
    """N agreements of `year` in bulk (the registry numbers continue the year's counter)."""
    region = Region.objects.filter(level="kabupaten_kota").first()
    partners = {
        kind: Partner.objects.create(
            name=f"Mitra uji kinerja {kind}", region=region if kind == Kind.KSDD else None, **extra
        )
        for kind, extra in PARTNER_TYPES.items()
    }
    counter, _ = RegistryCounter.objects.select_for_update().get_or_create(year=year)
    first = counter.last + 1
    rows = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        rows.append(
            Agreement(
                number=f"KS/{year}/{first + i:04d}",
                title=f"Kerja sama uji kinerja nomor {i + 1} tentang pelayanan publik terpadu",
                kind=kind,
                facilitated_on=dt.date(year, 1 + i % 12, 1 + i % 28),
                stage=stages.first_stage(kind),
                dprd_required=kind in (Kind.KSDPL, Kind.KSDLL),
                value_idr=(i + 1) * 12_500_000,
            )
        )
    created = Agreement.objects.bulk_create(rows)
    counter.last = first + n - 1
    counter.save()
    through = Agreement.partners.through
    through.objects.bulk_create(
        through(agreement_id=a.pk, partner_id=partners[a.kind].pk) for a in created
    )
    Naskah.objects.bulk_create(
        Naskah(agreement=a, naskah_type="kb", signed_on=dt.date(year, 12, 1)) for a in created[::3]
    )
    Target.objects.get_or_create(
        indicator=Indicator.IKU, year=year, period="tahunan", defaults={"target": 80}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="agreements to create (100)")
    parser.add_argument("--year", type=int, default=2025, help="year of the report (2025)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (3)")
    args = parser.parse_args()

    print(f"Database: {django.db.connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    create_agreements(args.n, args.year)
    job = type("Job", (), {"report_type": ReportType.MONEV_ANNUAL, "params": {"year": args.year}})

    from pypdf import PdfReader
    from weasyprint import HTML

    ours_pdf = rendering.report_pdf(job)  # warm-up: fonts, templates
    ours = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        ours_pdf = rendering.report_pdf(job)
        len(PdfReader(io.BytesIO(ours_pdf)).pages)
        ours.append(time.perf_counter() - start)

    html = render_to_string(
        rendering.TEMPLATES[ReportType.MONEV_ANNUAL], rendering.monev_context(args.year)
    )
    HTML(string=html).write_pdf()  # warm-up
    bare = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        bare_pdf = HTML(string=html).write_pdf()
        bare.append(time.perf_counter() - start)

    best_ours, best_bare = min(ours), min(bare)
    pages_ours = len(PdfReader(io.BytesIO(ours_pdf)).pages)
    pages_bare = len(PdfReader(io.BytesIO(bare_pdf)).pages)
    print(f"Agreements in {args.year}: {args.n}")
    print(f"Our code (queries + template + print.css + WeasyPrint + pypdf): {best_ours:.3f} s, "
          f"{pages_ours} pages")  # fmt: skip
    print(f"Bare weasyprint.HTML(string=...).write_pdf(), same HTML:        {best_bare:.3f} s, "
          f"{pages_bare} pages")  # fmt: skip
    print(f"Ratio ours / bare: {best_ours / best_bare:.2f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(_tmp, ignore_errors=True)
