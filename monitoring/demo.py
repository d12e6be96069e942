"""Demo data of the monitoring app: seed 004's targets, budgets and historical realisations.

Idempotent: rows are keyed by (indicator, year, period) and (indicator, year); running it again
changes nothing. `/monev/renja/2018/` then reproduces seed 004's Tabel 2.1.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .models import Indicator, Realisation, Target, TargetPeriod

SOURCE = "Renja 2019 Bagian Administrasi Kerja Sama Setda Kab. Malang, Tabel 2.1"
SOURCE_BUDGET = "Renja 2019 Bagian Administrasi Kerja Sama Setda Kab. Malang, Tabel 3.1"

I = Indicator  # noqa: E741 - short alias for the tables below
AD, LN, MONEV, IKU, IKU_2017 = (
    I.OUTPUT_ANTAR_DAERAH,
    I.OUTPUT_ANTAR_LEMBAGA_LUAR_NEGERI,
    I.LAPORAN_MONEV,
    I.IKU,
    I.IKU_2017,
)

#: (indicator, year, period, target, budget_idr, note)
TARGETS: tuple[tuple[str, int, str, str, int | None, str], ...] = (
    # The 2017 IKU was "Persentase Peningkatan Kuantitas dan Kualitas Kerjasama" (+5% a year),
    # an indicator of its own (in force up to 2017).
    (
        IKU_2017,
        2017,
        TargetPeriod.TAHUNAN,
        "5",
        None,
        "IKU lama: peningkatan kuantitas dan kualitas",
    ),
    (IKU, 2018, TargetPeriod.TAHUNAN, "80", None, "50 dokumen kerja sama"),
    (IKU, 2019, TargetPeriod.TAHUNAN, "80", None, "52 dokumen kerja sama"),
    (IKU, 2020, TargetPeriod.TAHUNAN, "80", None, "55 dokumen kerja sama"),
    (AD, 2017, TargetPeriod.TAHUNAN, "24", None, ""),
    (AD, 2018, TargetPeriod.TAHUNAN, "26", None, ""),
    (AD, 2019, TargetPeriod.TAHUNAN, "27", 405_282_000, "Kebutuhan dana 2019 (Renja)"),
    (AD, 2020, TargetPeriod.TAHUNAN, "28", 541_974_600, "Prakiraan maju 2020"),
    (LN, 2017, TargetPeriod.TAHUNAN, "23", None, ""),
    (LN, 2018, TargetPeriod.TAHUNAN, "24", None, ""),
    (LN, 2019, TargetPeriod.TAHUNAN, "25", 142_695_000, "Kebutuhan dana 2019 (Renja)"),
    (LN, 2020, TargetPeriod.TAHUNAN, "27", 190_823_050, "Prakiraan maju 2020"),
    (MONEV, 2017, TargetPeriod.TAHUNAN, "1", None, ""),
    (MONEV, 2018, TargetPeriod.TAHUNAN, "1", None, ""),
    (MONEV, 2019, TargetPeriod.TAHUNAN, "1", 76_581_000, "Kebutuhan dana 2019 (Renja)"),
    (MONEV, 2020, TargetPeriod.TAHUNAN, "1", 102_409_650, "Prakiraan maju 2020"),
    # Renstra 2016-2021, end of period (Tabel 2.1 column 4). The old outcome aimed at +5% a
    # year (Tabel 2.1 prints 5%); the IKU in force from 2018 at 80% (Tabel 2.2).
    (IKU_2017, 2021, TargetPeriod.RENSTRA, "5", None, "Outcome program Renstra 2016-2021"),
    (IKU, 2021, TargetPeriod.RENSTRA, "80", None, "IKU Renstra 2016-2021 (Tabel 2.2)"),
    (AD, 2021, TargetPeriod.RENSTRA, "180", None, "Renstra 2016-2021"),
    (LN, 2021, TargetPeriod.RENSTRA, "168", None, "Renstra 2016-2021"),
    (MONEV, 2021, TargetPeriod.RENSTRA, "6", None, "Renstra 2016-2021"),
    # Illustrative targets for the demo's current years (not from the seeds), so that the
    # dashboard of 2025 and 2026 has something to measure against.
    (IKU, 2025, TargetPeriod.TAHUNAN, "80", None, "Contoh target demo"),
    (AD, 2025, TargetPeriod.TAHUNAN, "6", 420_000_000, "Contoh target demo"),
    (LN, 2025, TargetPeriod.TAHUNAN, "4", 150_000_000, "Contoh target demo"),
    (MONEV, 2025, TargetPeriod.TAHUNAN, "1", 80_000_000, "Contoh target demo"),
    (IKU, 2026, TargetPeriod.TAHUNAN, "80", None, "Contoh target demo"),
    (AD, 2026, TargetPeriod.TAHUNAN, "6", 430_000_000, "Contoh target demo"),
    (LN, 2026, TargetPeriod.TAHUNAN, "4", 155_000_000, "Contoh target demo"),
    (MONEV, 2026, TargetPeriod.TAHUNAN, "1", 82_000_000, "Contoh target demo"),
)

#: (indicator, year, value, cumulative): "up to 2016" is entered as 2016, cumulative.
REALISATIONS: tuple[tuple[str, int, str, bool], ...] = (
    (AD, 2016, "29", True),
    (LN, 2016, "25", True),
    (MONEV, 2016, "1", True),
    (AD, 2017, "33", False),
    (LN, 2017, "24", False),
    (MONEV, 2017, "1", False),
    (IKU_2017, 2017, "5", False),
)

#: Budget realisation (Rp) of the demo's past years: illustrative, not from the seeds.
BUDGET_REALISATIONS: tuple[tuple[str, int, int], ...] = (
    (AD, 2025, 398_750_000),
    (LN, 2025, 131_200_000),
    (MONEV, 2025, 76_400_000),
)


@transaction.atomic
def load_demo() -> dict:
    for indicator, year, period, target, budget, note in TARGETS:
        Target.objects.get_or_create(
            indicator=indicator,
            year=year,
            period=period,
            defaults={
                "target": Decimal(target),
                "budget_idr": budget,
                "note": f"{note} ({SOURCE_BUDGET if budget else SOURCE})".lstrip(" "),
            },
        )
    # Earlier versions of the demo stored a 5% Renstra target on `iku` (the old IKU's figure).
    Target.objects.filter(
        indicator=IKU, year=2021, period=TargetPeriod.RENSTRA, target=Decimal(5)
    ).update(target=Decimal(80), note=f"IKU Renstra 2016-2021 (Tabel 2.2) ({SOURCE})")
    for indicator, year, amount in BUDGET_REALISATIONS:
        Target.objects.filter(
            indicator=indicator, year=year, period=TargetPeriod.TAHUNAN, realisation_idr=None
        ).update(realisation_idr=amount)
    for indicator, year, value, cumulative in REALISATIONS:
        Realisation.objects.get_or_create(
            indicator=indicator,
            year=year,
            defaults={"value": Decimal(value), "source": SOURCE, "cumulative": cumulative},
        )
    return {
        "target monev": Target.objects.count(),
        "realisasi historis": Realisation.objects.count(),
    }
