"""Read queries of the monitoring app: KPI (IKU), Tabel 2.1, dashboards (DOMAIN.md section 8).

Every number is counted by the database (aggregate/annotate); nothing loads agreement rows into
Python to count them. The API returns the exact values; pages and PDFs round half up.

Choices recorded here (DOMAIN.md section 10 leaves them open):
- `naskah`(Y) counts an agreement facilitated in Y once when it has a signed `kb` or `pks` with
  `signed_on` <= 31 December Y (cohort rule).
- Outputs count signed `kb` + `pks` documents with `signed_on` in Y (unit KS/PKS), grouped by the
  agreement's kind.
- `laporan_monev` realisations are the entered figures only (the registry does not count report
  jobs: monitoring must not depend on the reports app, which depends on monitoring).
- The programme row (`iku`) of Tabel 2.1 is the Renstra outcome: columns 4, 9 and 10 show the
  Renstra percentage target (as seed 004 does: 5% in 2018 although the new IKU aims at 80%),
  falling back to the year's Renja target; column 8 is the mean of its activities' column 8.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from agreements.choices import Kind, NaskahType, Stage, Status
from agreements.models import Agreement, FacilitationTally, Naskah, SignedTally
from agreements.tallies import NOT_SIGNED

from .models import Evaluation, Indicator, Realisation, Target, TargetPeriod

SIGNED_TYPES = (NaskahType.KB, NaskahType.PKS)

#: KPI groups (DOMAIN.md section 8) and the output indicator counting each group.
GROUPS: dict[str, tuple[str, ...]] = {
    "antar_daerah": (Kind.KSDD,),
    "antar_lembaga_luar_negeri": (Kind.KSDPK, Kind.KSDPL, Kind.KSDLL),
}
GROUP_LABELS = {
    "antar_daerah": "Antar daerah",
    "antar_lembaga_luar_negeri": "Antar lembaga dan luar negeri",
}
OUTPUT_GROUP = {
    Indicator.OUTPUT_ANTAR_DAERAH: "antar_daerah",
    Indicator.OUTPUT_ANTAR_LEMBAGA_LUAR_NEGERI: "antar_lembaga_luar_negeri",
}
GROUP_OUTPUT = {group: indicator for indicator, group in OUTPUT_GROUP.items()}

#: Tabel 2.1 rows as seed 004 lays them out: indicator, programme/activity (column 2),
#: indicator text (column 3), unit. The programme row comes first.
RENJA_ROWS: tuple[tuple[str, str, str, str], ...] = (
    (
        Indicator.IKU,
        "Program Kerja Sama Pembangunan",
        "Persentase kerja sama antar daerah/luar negeri dan lembaga ditindaklanjuti menjadi "
        "naskah kerja sama",
        "%",
    ),
    (
        Indicator.OUTPUT_ANTAR_DAERAH,
        "Fasilitasi dan Koordinasi Kerja Sama Antar Daerah",
        "Terlaksananya kerja sama antar daerah sebagai upaya peningkatan pembangunan di segala "
        "bidang",
        "KS/PKS",
    ),
    (
        Indicator.OUTPUT_ANTAR_LEMBAGA_LUAR_NEGERI,
        "Fasilitasi dan Koordinasi Kerja Sama Antar Lembaga dan Luar Negeri",
        "Terlaksananya kerja sama dengan dunia usaha/lembaga baik swasta maupun pemerintah dari "
        "dalam dan luar negeri",
        "KS/PKS",
    ),
    (
        Indicator.LAPORAN_MONEV,
        "Monitoring, Evaluasi dan Pelaporan Pelaksanaan Kerja Sama Daerah",
        "Terlaksananya kegiatan monitoring, evaluasi dan pelaporan pelaksanaan kerja sama daerah",
        "Laporan",
    ),
)
ACTIVITY_ROWS = tuple(row[0] for row in RENJA_ROWS if row[0] != Indicator.IKU)


# --------------------------------------------------------------------------- helpers


def _num(value) -> int | float | None:
    """Decimal from the database -> int when whole, float otherwise (JSON-friendly, exact)."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _ratio_percent(part, whole) -> float | None:
    if part is None or whole in (None, 0):
        return None
    return float(Decimal(part) * 100 / Decimal(whole))


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _signed_by(year: int) -> Exists:
    """Has a signed KB or PKS by 31 December of `year` (the IKU's cohort rule)."""
    return Exists(
        Naskah.objects.filter(
            agreement=OuterRef("pk"),
            naskah_type__in=SIGNED_TYPES,
            signed_on__lte=dt.date(year, 12, 31),
        )
    )


def target_value(*, indicator: str, year: int, period: str = TargetPeriod.TAHUNAN):
    return (
        Target.objects.filter(indicator=indicator, year=year, period=period)
        .values_list("target", flat=True)
        .first()
    )


def _kpi_status(fasilitasi: int, naskah: int, target) -> str:
    if not fasilitasi:
        return "tanpa_data"
    if target is None:
        return "tanpa_target"
    # Exact comparison, no float rounding: naskah/fasilitasi*100 >= target.
    return "tercapai" if Decimal(naskah) * 100 >= Decimal(target) * fasilitasi else "belum_tercapai"


def _kpi_block(fasilitasi: int, naskah: int, target) -> dict[str, Any]:
    return {
        "fasilitasi": fasilitasi,
        "naskah": naskah,
        "iku_percent": _ratio_percent(naskah, fasilitasi),
        "target_percent": _num(target),
        "status": _kpi_status(fasilitasi, naskah, target),
    }


# --------------------------------------------------------------------------- KPI


def kpi_year(*, year: int) -> dict[str, Any]:
    """IKU of `year` in the API shape (API.md, Monitoring). One query on the summary + the target.

    Counted from `FacilitationTally` (agreements.tallies, kept exact by the services): the
    agreements facilitated in `year` per kind and year of their first signed KB/PKS, i.e. the
    cohort rule of `_signed_by` without reading every agreement of the year (benchmarks F9).
    """
    cohort = FacilitationTally.objects.filter(facilitated_year=year)
    signed = Q(signed_year__gt=NOT_SIGNED, signed_year__lte=year)
    aggregates = {"fasilitasi": Sum("n"), "naskah": Sum("n", filter=signed)}
    for group, kinds in GROUPS.items():
        aggregates[f"{group}__f"] = Sum("n", filter=Q(kind__in=kinds))
        aggregates[f"{group}__n"] = Sum("n", filter=Q(kind__in=kinds) & signed)
    counts = {key: value or 0 for key, value in cohort.aggregate(**aggregates).items()}
    target = target_value(indicator=Indicator.IKU, year=year)
    return {
        "year": year,
        **_kpi_block(counts["fasilitasi"], counts["naskah"], target),
        "by_group": {
            group: _kpi_block(counts[f"{group}__f"], counts[f"{group}__n"], target)
            for group in GROUPS
        },
    }


def kpi_by_urusan(*, year: int) -> list[dict[str, Any]]:
    """Fasilitasi and naskah of `year` per urusan (an agreement may count under several)."""
    start, end = _year_range(year)
    rows = (
        Agreement.objects.filter(
            facilitated_on__gte=start, facilitated_on__lte=end, urusan__isnull=False
        )
        .annotate(signed=_signed_by(year))
        .values("urusan__code", "urusan__name")
        .annotate(
            fasilitasi=Count("id", distinct=True),
            naskah=Count("id", filter=Q(signed=True), distinct=True),
        )
        .order_by("urusan__code")
    )
    return [
        {
            "code": row["urusan__code"],
            "name": row["urusan__name"],
            "fasilitasi": row["fasilitasi"],
            "naskah": row["naskah"],
            "iku_percent": _ratio_percent(row["naskah"], row["fasilitasi"]),
        }
        for row in rows
    ]


def naskah_per_month(*, year: int) -> list[dict[str, int]]:
    """Signed KB + PKS per month of `year`: twelve rows {"month", "count"}, zeros included."""
    start, end = _year_range(year)
    counts = dict(
        Naskah.objects.filter(
            naskah_type__in=SIGNED_TYPES, signed_on__gte=start, signed_on__lte=end
        )
        .annotate(month=ExtractMonth("signed_on"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return [{"month": month, "count": counts.get(month, 0)} for month in range(1, 13)]


def outputs_year(*, year: int) -> dict[str, int]:
    """Signed KB + PKS documents in `year` per group (the registry's output count)."""
    start, end = _year_range(year)
    return Naskah.objects.filter(
        naskah_type__in=SIGNED_TYPES, signed_on__gte=start, signed_on__lte=end
    ).aggregate(
        **{
            group: Count("id", filter=Q(agreement__kind__in=kinds))
            for group, kinds in GROUPS.items()
        }
    )


def outputs_vs_targets(*, year: int) -> list[dict[str, Any]]:
    """Per group: registry output of `year`, its target and the exact achievement percent."""
    counts = outputs_year(year=year)
    targets = dict(
        Target.objects.filter(
            indicator__in=list(GROUP_OUTPUT.values()), year=year, period=TargetPeriod.TAHUNAN
        ).values_list("indicator", "target")
    )
    rows = []
    for group, indicator in GROUP_OUTPUT.items():
        target = targets.get(indicator)
        rows.append(
            {
                "group": group,
                "label": GROUP_LABELS[group],
                "indicator": indicator,
                "output": counts[group],
                "target": _num(target),
                "percent": _ratio_percent(counts[group], target),
            }
        )
    return rows


# --------------------------------------------------------------------------- Tabel 2.1


class _RegistryOutputs:
    """Signed KB + PKS per output group and signing year up to `last_year`: one query.

    Tabel 2.1 needs several year ranges per group ("up to Y-2", "Y-1"); all are summed from the
    same rows (benchmarks F5).
    """

    def __init__(self, last_year: int) -> None:
        # SignedTally: the signed KB + PKS per signing year and kind, kept exact by the
        # services (agreements.tallies); a few dozen rows instead of every naskah (F9).
        rows = SignedTally.objects.filter(signed_year__lte=last_year).values_list(
            "signed_year", "kind", "n"
        )
        group_of = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
        self.last_year = last_year
        self.counts: dict[tuple[str, int], int] = {}
        for year, kind, n in rows:
            key = (group_of[kind], year)
            self.counts[key] = self.counts.get(key, 0) + n

    def count(self, indicator: str, first_year: int, last_year: int) -> int:
        """Signed KB + PKS of the indicator's group with signed_on in [first_year, last_year]."""
        group = OUTPUT_GROUP.get(indicator)
        if group is None or first_year > last_year:
            return 0
        if last_year > self.last_year:
            raise ValueError(f"Hitungan registri hanya sampai {self.last_year}.")
        return sum(
            n for (g, y), n in self.counts.items() if g == group and first_year <= y <= last_year
        )


class _Realisations:
    """Entered figures of one indicator, and the registry's counts after the last of them."""

    def __init__(
        self, indicator: str, entered: list[Realisation], registry: _RegistryOutputs
    ) -> None:
        self.indicator = indicator
        self.registry = registry
        self.entered = {r.year: r for r in entered}
        self.last_entered = max(self.entered, default=None)

    def registry_counts(self, year: int) -> bool:
        return self.last_entered is None or year > self.last_entered

    def year(self, year: int):
        """The realisation of one year: entered figure, registry count, or None."""
        if year in self.entered:
            return Decimal(self.entered[year].value)
        if not self.registry_counts(year):
            return None
        if self.indicator == Indicator.IKU:
            value = kpi_year(year=year)["iku_percent"]
            return None if value is None else Decimal(str(value))
        if self.indicator in OUTPUT_GROUP:
            return Decimal(self.registry.count(self.indicator, year, year))
        return None  # laporan_monev: entered figures only

    def up_to(self, year: int) -> Decimal:
        """Cumulative realisation up to and including `year`.

        Starts from the latest cumulative entry ("up to YYYY", stored as YYYY), adds yearly
        entries after it, then the registry's counts for years after the last entry.
        """
        entries = [r for y, r in self.entered.items() if y <= year]
        base_year = max((r.year for r in entries if r.cumulative), default=None)
        total = sum(
            (Decimal(r.value) for r in entries if base_year is None or r.year >= base_year),
            Decimal(0),
        )
        if self.indicator in OUTPUT_GROUP:
            first = (self.last_entered + 1) if self.last_entered is not None else 1
            total += self.registry.count(self.indicator, first, year)
        return total


def _renstra_target(indicator: str, year: int, renstra: dict[str, list[tuple[int, Decimal]]]):
    """The Renstra target of the period containing `year` (the first Renstra year >= year)."""
    candidates = renstra.get(indicator, [])
    later = [value for y, value in candidates if y >= year]
    if later:
        return later[0]
    return candidates[-1][1] if candidates else None


def renja_table(*, year: int) -> list[dict[str, Any]]:
    """Tabel 2.1 of the Renja for `year` (columns 4-11 of seed 004), one dict per indicator."""
    targets = {
        (t.indicator, t.year): t.target
        for t in Target.objects.filter(period=TargetPeriod.TAHUNAN, year__in=[year - 1, year])
    }
    renstra: dict[str, list[tuple[int, Decimal]]] = {}
    for t in Target.objects.filter(period=TargetPeriod.RENSTRA).order_by("year"):
        renstra.setdefault(t.indicator, []).append((t.year, t.target))
    entered: dict[str, list[Realisation]] = {}
    for r in Realisation.objects.filter(year__lte=year):
        entered.setdefault(r.indicator, []).append(r)

    registry = _RegistryOutputs(last_year=year - 1)  # columns 5 and 7 look back to Y-1 at most

    rows: dict[str, dict[str, Any]] = {}
    for code, activity, indicator_text, unit in RENJA_ROWS:
        if code == Indicator.IKU:
            continue
        real = _Realisations(code, entered.get(code, []), registry)
        renstra_target = _renstra_target(code, year, renstra)
        before = real.up_to(year - 2)
        prev_target = targets.get((code, year - 1))
        prev_real = real.year(year - 1)
        target_year = targets.get((code, year))
        to_date = before + (prev_real or 0) + (target_year or 0)
        rows[code] = {
            "indicator": code,
            "label": f"{activity}: {indicator_text}",
            "activity": activity,
            "indicator_text": indicator_text,
            "unit": unit,
            "renstra_target": _num(renstra_target),
            "realisation_before": _num(before),
            "target_prev_year": _num(prev_target),
            "realisation_prev_year": _num(prev_real),
            "rate_prev_year_percent": _ratio_percent(prev_real, prev_target),
            "target_year": _num(target_year),
            "realisation_to_date": _num(to_date),
            "renstra_achievement_percent": _ratio_percent(to_date, renstra_target),
            "is_mean": False,
        }

    # The programme row: percentages; column 8 is the mean of the activities' column 8.
    iku = _Realisations(Indicator.IKU, entered.get(Indicator.IKU, []), registry)
    rates = [
        rows[c]["rate_prev_year_percent"]
        for c in ACTIVITY_ROWS
        if rows[c]["rate_prev_year_percent"] is not None
    ]
    renstra_iku = _renstra_target(Indicator.IKU, year, renstra)
    year_iku = renstra_iku if renstra_iku is not None else targets.get((Indicator.IKU, year))
    code, activity, indicator_text, unit = RENJA_ROWS[0]
    programme = {
        "indicator": code,
        "label": f"{activity}: {indicator_text} (kolom 8: rata-rata kegiatan)",
        "activity": activity,
        "indicator_text": indicator_text,
        "unit": unit,
        "renstra_target": _num(renstra_iku),
        "realisation_before": None,
        "target_prev_year": _num(targets.get((Indicator.IKU, year - 1))),
        "realisation_prev_year": _num(iku.year(year - 1)),
        "rate_prev_year_percent": float(sum(Decimal(str(r)) for r in rates) / len(rates))
        if rates
        else None,
        "target_year": _num(year_iku),
        "realisation_to_date": _num(year_iku),
        "renstra_achievement_percent": None,
        "is_mean": True,
    }
    return [programme, *(rows[c] for c in ACTIVITY_ROWS)]


# --------------------------------------------------------------------------- dashboards

#: Stages an agreement is "in the pipeline" at (not yet in force).
PIPELINE_DONE_STAGES = (Stage.PELAKSANAAN, Stage.PENATAUSAHAAN, Stage.PELAPORAN)


def pipeline_by_kind_stage() -> list[dict[str, Any]]:
    """Active agreements counted per kind and stage (one GROUP BY)."""
    return list(
        Agreement.objects.filter(status=Status.AKTIF)
        .values("kind", "stage")
        .annotate(n=Count("id"))
        .order_by("kind", "stage")
    )


def agreements_expiring(*, days: int = 90, today: dt.date | None = None) -> QuerySet[Agreement]:
    today = today or timezone.localdate()
    return (
        Agreement.objects.filter(
            status=Status.AKTIF, end_date__gte=today, end_date__lte=today + dt.timedelta(days=days)
        )
        .prefetch_related("partners")
        .order_by("end_date", "id")
    )


def dprd_pending(*, today: dt.date | None = None) -> QuerySet[Agreement]:
    """Agreements waiting for a DPRD decision, with their deadline (null for KSDD/KSDPK)."""
    return (
        Agreement.objects.filter(status=Status.AKTIF, stage=Stage.PERSETUJUAN_DPRD)
        .prefetch_related("partners")
        .order_by("dprd_deadline", "id")
    )


def budget_rows(*, years: list[int]) -> list[dict[str, Any]]:
    """Targets' budget_idr per indicator and year (Rupiah), with a total per year."""
    rows = list(
        Target.objects.filter(
            period=TargetPeriod.TAHUNAN, year__in=years, budget_idr__isnull=False
        ).values("indicator", "year", "budget_idr")
    )
    totals = dict(
        Target.objects.filter(period=TargetPeriod.TAHUNAN, year__in=years)
        .values("year")
        .annotate(total=Sum("budget_idr"))
        .values_list("year", "total")
    )
    labels = dict(Indicator.choices)
    by_indicator: dict[str, dict[int, int]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator"], {})[row["year"]] = row["budget_idr"]
    return [
        {
            "indicator": code,
            "label": labels[code],
            "amounts": [by_indicator[code].get(y) for y in years],
        }
        for code in (row[0] for row in RENJA_ROWS)
        if code in by_indicator
    ] + (
        [{"indicator": "total", "label": "Jumlah", "amounts": [totals.get(y) for y in years]}]
        if rows
        else []
    )


def facilitation_years() -> list[int]:
    """Years that have facilitations, naskah or targets (for the year selector), newest first."""
    years = set(
        Agreement.objects.annotate(y=ExtractYear("facilitated_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    years |= set(Target.objects.values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted((y for y in years if y), reverse=True)


def target_list() -> QuerySet[Target]:
    return Target.objects.order_by("-year", "period", "indicator")


def realisation_list() -> QuerySet[Realisation]:
    return Realisation.objects.order_by("-year", "indicator")


def evaluation_list(*, agreement_id: int | None = None) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("agreement", "evaluator").prefetch_related("evidence")
    if agreement_id:
        qs = qs.filter(agreement_id=agreement_id)
    return qs.order_by("-evaluated_on", "-id")
