"""Read queries of the monitoring app: KPI (IKU), Tabel 2.1, dashboards (DOMAIN.md section 8).

Every number is counted by the database (aggregate/annotate); nothing loads agreement rows into
Python to count them. The API returns the exact values; pages and PDFs round half up.

Choices recorded here (DOMAIN.md section 10 leaves them open):
- `naskah`(Y) counts an agreement facilitated in Y once when it has a signed `kb` or `pks` with
  `signed_on` <= 31 December Y (cohort rule).
- Outputs count signed `kb` + `pks` documents with `signed_on` in Y (unit KS/PKS), grouped by the
  agreement's kind.
- `laporan_monev` realisations: the entered figure, else a finished annual monev report job of
  the year (counted through a function the reports app registers: monitoring imports no reports).
- Tabel 2.1 (DOMAIN.md section 11): one programme row per programme indicator in force in Y-1 or
  Y (`iku_2017` up to 2017, `iku` from 2018), each with its own targets only; column 8 of a
  programme row is the mean of its activities' column 8 over those with data. A missing
  realisation is unknown (None), never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from agreements.choices import Kind, NaskahType, Stage, Status
from agreements.models import Agreement, FacilitationTally, Naskah, SignedTally
from agreements.selectors import awaiting_dprd
from agreements.tallies import NOT_SIGNED
from kerjasama.baked import BakedQuery, rows_together

from . import indicators
from .models import Evaluation, Indicator, MonevConclusion, Realisation, Target, TargetPeriod

SIGNED_TYPES = (NaskahType.KB, NaskahType.PKS)

#: KPI groups (DOMAIN.md section 8) and the output indicator counting each group.
GROUPS: dict[str, tuple[str, ...]] = {
    "antar_daerah": (Kind.KSDD,),
    # Seed 004: "lembaga baik swasta maupun pemerintah" — sinergi counts here (DOMAIN.md 11).
    "antar_lembaga_luar_negeri": (Kind.KSDPK, Kind.KSDPL, Kind.KSDLL, Kind.SINERGI),
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

#: Tabel 2.1 activity rows as seed 004 lays them out: indicator, activity (column 2),
#: indicator text (column 3), unit. The programme rows (indicators.PROGRAMME_INDICATORS) come first.
RENJA_ROWS: tuple[tuple[str, str, str, str], ...] = (
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
ACTIVITY_ROWS = tuple(row[0] for row in RENJA_ROWS)


#: The reads of the KPI and Tabel 2.1 endpoints, composed once per process (kerjasama.baked,
#: F13): each is a small summary or settings table, so composing the SQL cost more than
#: PostgreSQL's answer.
def _iku_targets(year: int):
    return Target.objects.filter(indicator=Indicator.IKU, year=year, period=TargetPeriod.TAHUNAN)


def _cohort(year: int, target_year: int | None = None):
    """The year's facilitation summary rows; with `target_year`, each carries its IKU target."""
    rows = FacilitationTally.objects.filter(facilitated_year=year)
    if target_year is None:
        return rows
    return rows.annotate(iku_target=Subquery(_iku_targets(target_year).values("target")[:1]))


_COHORT = BakedQuery(_cohort)
_COHORT_AND_TARGET = BakedQuery(_cohort, markers=2)  # the KPI endpoint's one read
_IKU_TARGET = BakedQuery(lambda year: _iku_targets(year).only("id", "target"))
_SIGNED = BakedQuery(
    lambda first, last: SignedTally.objects.filter(signed_year__gte=first, signed_year__lte=last),
    markers=2,
)
_RENJA_TARGETS = BakedQuery(
    lambda prev, year, first, last: (
        Target.objects.filter(
            Q(period=TargetPeriod.TAHUNAN, year__in=[prev, year])
            | Q(period=TargetPeriod.RENSTRA, year__gte=first, year__lte=last)
        )
        .order_by("year")
        .only("id", "indicator", "year", "period", "target")
    ),
    markers=4,
)
_REALISATIONS = BakedQuery(
    lambda year: Realisation.objects.filter(year__lte=year).only(
        "id", "indicator", "year", "value", "cumulative"
    )
)


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


#: kpi_year's default: read the year's IKU target from the targets table.
LOOK_UP = object()


def kpi_year(*, year: int, target=LOOK_UP, rows: list | None = None) -> dict[str, Any]:
    """IKU of `year` in the API shape (API.md, Monitoring): one read of the summary rows.

    Counted from `FacilitationTally` (agreements.tallies, kept exact by the services): the
    agreements facilitated in `year` per kind and year of their first signed KB/PKS, i.e. the
    cohort rule of `_signed_by` without reading every agreement of the year (benchmarks F9).
    A year has a few dozen summary rows (kind x signing year); they are added up here, which
    costs less than building a six-way filtered aggregate per request, and each row carries
    the year's IKU target (one read). A caller that already holds the target (None: no
    target) passes it, and with it the year's summary rows (`_COHORT`) if it read them.
    """
    group_of = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
    counts = {key: 0 for group in ("", *GROUPS) for key in (f"{group}__f", f"{group}__n")}
    if target is LOOK_UP:
        rows = _COHORT_AND_TARGET.rows("cohort", (year, year))
        if rows:
            target = rows[0].iku_target
        else:  # no summary row for the year: the target read alone
            found = _IKU_TARGET.rows("iku", (year,))
            target = found[0].target if found else None
    elif rows is None:
        rows = _COHORT.rows("cohort", (year,))
    for row in rows:
        kind, signed_year, n = row.kind, row.signed_year, row.n
        signed = NOT_SIGNED < signed_year <= year
        for group in ("", group_of.get(kind)):
            if group is not None:
                counts[f"{group}__f"] += n
                counts[f"{group}__n"] += n if signed else 0
    return {
        "year": year,
        **_kpi_block(counts["__f"], counts["__n"], target),
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

#: Where a realisation figure comes from (shown beside Tabel 2.1 and in the monev report).
SOURCE_ENTERED = "dicatat"  # an entered historical figure (Realisation)
SOURCE_REGISTRY = "registri"  # counted from the registry's agreements and naskah
SOURCE_REPORT = "laporan_registri"  # a finished annual monev report job of the registry
SOURCE_LABELS = {
    SOURCE_ENTERED: "angka historis yang dicatat",
    SOURCE_REGISTRY: "dihitung dari registri",
    SOURCE_REPORT: "laporan monev tahunan yang dibuat registri",
}

#: Where finished annual monev reports are read: (query, fold) pairs, `query` a BakedQuery
#: without markers and `fold(rows, years)` -> {year: number of reports}. The reports app
#: registers one at start-up (reports.apps); monitoring does not import reports (reports depends
#: on it). The query is run with Tabel 2.1's other reads, in one round trip.
_MONEV_REPORT_SOURCES: list[tuple[BakedQuery, Callable]] = []


def register_monev_report_source(query: BakedQuery, fold: Callable) -> None:
    if (query, fold) not in _MONEV_REPORT_SOURCES:
        _MONEV_REPORT_SOURCES.append((query, fold))


def _monev_reads() -> list:
    return [(query, "done", (), ()) for query, _fold in _MONEV_REPORT_SOURCES]


def _monev_done(found: list[list], years: list[int]) -> set[int]:
    """Years having a finished annual monev report made by the registry, from the rows of
    `_monev_reads()`."""
    done: set[int] = set()
    for (_query, fold), rows in zip(_MONEV_REPORT_SOURCES, found, strict=True):
        done |= {year for year, n in fold(rows, years).items() if n}
    return done


class _RegistryOutputs:
    """Signed KB + PKS per output group and signing year from `first_year` to `last_year`.

    Tabel 2.1 needs several year ranges per group ("up to Y-2", "Y-1"); all are summed from the
    same rows (benchmarks F5).
    """

    def __init__(self, first_year: int, last_year: int, tallies: list[SignedTally]) -> None:
        # SignedTally (`_SIGNED` of those years): the signed KB + PKS per signing year and
        # kind, kept exact by the services (agreements.tallies); a few dozen rows instead of
        # every naskah (F9).
        rows = [(r.signed_year, r.kind, r.n) for r in tallies]
        group_of = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
        self.first_year, self.last_year = first_year, last_year
        self.counts: dict[tuple[str, int], int] = {}
        for year, kind, n in rows:
            key = (group_of[kind], year)
            self.counts[key] = self.counts.get(key, 0) + n

    def count(self, indicator: str, year: int) -> int:
        """Signed KB + PKS of the indicator's group with signed_on in `year`."""
        if not self.first_year <= year <= self.last_year:
            raise ValueError(f"Hitungan registri hanya {self.first_year}-{self.last_year}.")
        return self.counts.get((OUTPUT_GROUP[indicator], year), 0)


class _Realisations:
    """Realisations of one indicator: entered figures first; after the last of them the
    registry's own figures (signed naskah, the IKU, finished monev reports); else unknown."""

    def __init__(
        self,
        indicator: str,
        entered: list[Realisation],
        registry: _RegistryOutputs,
        reports_done: set[int],
        iku_targets: dict[int, Any],
        cohorts: dict[int, list[FacilitationTally]],
    ) -> None:
        self.indicator = indicator
        self.iku_targets = iku_targets  # IKU target per year already read (None: no target)
        self.cohorts = cohorts  # facilitation summary rows per year already read
        self.registry = registry
        self.reports_done = reports_done
        self.entered = {r.year: r for r in entered}
        self.last_entered = max(self.entered, default=None)

    def year(self, year: int) -> tuple[Decimal | None, str | None]:
        """(realisation of one year, its source); (None, None) when unknown."""
        if year in self.entered:
            return Decimal(self.entered[year].value), SOURCE_ENTERED
        if self.last_entered is not None and year <= self.last_entered:
            return None, None  # a gap in the entered history stays unknown
        if self.indicator == Indicator.IKU and indicators.in_force(Indicator.IKU, year):
            target = self.iku_targets.get(year, LOOK_UP)
            value = kpi_year(year=year, target=target, rows=self.cohorts.get(year))["iku_percent"]
            return (None, None) if value is None else (Decimal(str(value)), SOURCE_REGISTRY)
        if self.indicator in OUTPUT_GROUP:
            return Decimal(self.registry.count(self.indicator, year)), SOURCE_REGISTRY
        if self.indicator == Indicator.LAPORAN_MONEV and year in self.reports_done:
            return Decimal(1), SOURCE_REPORT
        return None, None

    def between(self, first: int, last: int) -> tuple[Decimal | None, set[str]]:
        """Sum of the realisations of the years first..last, or None if one of them is unknown.

        A cumulative entry ("up to YYYY", stored as YYYY) stands for every year up to YYYY.
        """
        cumulative = [y for y, r in self.entered.items() if r.cumulative and first <= y <= last]
        total, sources = Decimal(0), set()
        start = first
        if cumulative:
            base = max(cumulative)
            total += Decimal(self.entered[base].value)
            sources.add(SOURCE_ENTERED)
            start = base + 1
        for year in range(start, last + 1):
            value, source = self.year(year)
            if value is None:
                return None, sources
            total += value
            sources.add(source)
        return total, sources


def _add(*values) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum((Decimal(v) for v in values), Decimal(0))


def _mean(values: list) -> float | None:
    known = [Decimal(str(v)) for v in values if v is not None]
    return float(sum(known) / len(known)) if known else None


def _source_label(sources) -> str | None:
    if not sources:
        return None
    return ", ".join(SOURCE_LABELS[s] for s in sorted(sources))


def renja_table(*, year: int) -> list[dict[str, Any]]:
    """Tabel 2.1 for `year` (columns 4-11 of seed 004, DOMAIN.md section 11), one dict per row.

    Rows: every programme indicator in force in Y-1 or Y, then the activities. Columns 6-8 come
    from Y-1 and column 9 from Y of the row's own indicator; a column for a year the indicator
    was not in force is None and named in `not_applicable`. Column 4 is the target of the
    Renstra in force in Y, column 5 counts from that Renstra's first year to Y-2.
    """
    first, last = indicators.renstra_period(year)
    # Every input in one round trip (kerjasama.baked.rows_together): the targets, the entered
    # realisations, the signed KB/PKS summary of the years columns 5 and 7 count (from the
    # Renstra's first year, or Y-1 when Y opens a Renstra, to Y-1),
    # the facilitation summary of Y-1 (the IKU of column 7) and the finished monev reports.
    counted = min(first, year - 1)
    found_targets, found_realisations, signed, cohort, *monev = rows_together(
        [
            (_RENJA_TARGETS, "renja", (year - 1, year, first, last), ()),
            (_REALISATIONS, "renja", (year,), ()),
            (_SIGNED, "signed", (counted, year - 1), ()),
            (_COHORT, "cohort", (year - 1,), ()),
            *_monev_reads(),
        ]
    )
    targets, renstra = {}, {}
    for t in found_targets:  # by year
        period, indicator, target_year, target = t.period, t.indicator, t.year, t.target
        if period == TargetPeriod.TAHUNAN:
            targets[(indicator, target_year)] = target
        else:
            renstra[indicator] = target  # the latest Renstra target of the period wins
    iku_targets = {y: targets.get((Indicator.IKU, y)) for y in (year - 1, year)}
    entered: dict[str, list[Realisation]] = {}
    for r in found_realisations:
        entered.setdefault(r.indicator, []).append(r)
    registry = _RegistryOutputs(counted, year - 1, signed)
    reports_done = _monev_done(monev, list(range(first, year)))
    cohorts = {year - 1: cohort}

    activities: list[dict[str, Any]] = []
    for code, activity, indicator_text, unit in RENJA_ROWS:
        real = _Realisations(
            code, entered.get(code, []), registry, reports_done, iku_targets, cohorts
        )
        renstra_target = renstra.get(code)
        before, before_sources = real.between(first, year - 2)
        prev_target = targets.get((code, year - 1))
        prev_real, prev_source = real.year(year - 1)
        target_year = targets.get((code, year))
        # Column 10 = 5 + 7 + 9 within the Renstra: 7 only when Y-1 belongs to it.
        to_date = _add(before, prev_real, target_year) if year - 1 >= first else target_year
        activities.append(
            {
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
                "not_applicable": [],
                "source_before": _source_label(before_sources),
                "source_prev_year": _source_label({prev_source} - {None}),
            }
        )

    rates = [row["rate_prev_year_percent"] for row in activities]
    known = sum(1 for r in rates if r is not None)
    programmes = []
    for code in indicators.PROGRAMME_INDICATORS:
        was, is_ = indicators.in_force(code, year - 1), indicators.in_force(code, year)
        if not (was or is_):
            continue
        real = _Realisations(
            code, entered.get(code, []), registry, reports_done, iku_targets, cohorts
        )
        prev_real, prev_source = real.year(year - 1) if was else (None, None)
        target_year = targets.get((code, year)) if is_ else None
        not_applicable = ["realisation_before", "renstra_achievement_percent"]
        if not was:
            not_applicable += [
                "target_prev_year",
                "realisation_prev_year",
                "rate_prev_year_percent",
            ]
        if not is_:
            not_applicable += ["target_year", "realisation_to_date"]
        activity = indicators.programme_name(year if is_ else year - 1)
        text = indicators.PROGRAMME_TEXTS[code]
        programmes.append(
            {
                "indicator": code,
                "label": f"{activity}: {text} (kolom 8: rata-rata kegiatan)",
                "activity": activity,
                "indicator_text": text,
                "unit": "%",
                "renstra_target": _num(renstra.get(code)),
                "realisation_before": None,
                "target_prev_year": _num(targets.get((code, year - 1))) if was else None,
                "realisation_prev_year": _num(prev_real),
                # The mean of the activities' column 8, over those with data.
                "rate_prev_year_percent": _mean(rates) if was else None,
                "mean_of_activities": known if was else None,
                "activities_total": len(rates),
                "target_year": _num(target_year),
                # A percentage row repeats its target in column 10 (seed 004).
                "realisation_to_date": _num(target_year),
                "renstra_achievement_percent": None,
                "is_mean": True,
                "not_applicable": not_applicable,
                "source_before": None,
                "source_prev_year": _source_label({prev_source} - {None}),
            }
        )
    return [*programmes, *activities]


def renja_meta(*, year: int) -> dict[str, Any]:
    """What Tabel 2.1 of `year` shows, for its title and headings."""
    first, last = indicators.renstra_period(year)
    return {
        "year": year,
        "prev_year": year - 1,
        "before_year": year - 2,
        "renstra_first": first,
        "renstra_last": last,
        "renja_document_year": year + 1,
        "programme_name": indicators.programme_name(year),
    }


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
    return awaiting_dprd().prefetch_related("partners").order_by("dprd_deadline", "id")


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


def budget_absorption(*, year: int) -> dict[str, Any]:
    """Pagu and realisation (Rp) per activity of `year`, penyerapan = realisation / pagu.

    The total's penyerapan is given only when every activity with a pagu has its realisation
    entered (a missing realisation is unknown, not 0).
    """
    by_code = {
        t.indicator: t
        for t in Target.objects.filter(
            period=TargetPeriod.TAHUNAN, year=year, indicator__in=ACTIVITY_ROWS
        )
    }
    labels = {code: activity for code, activity, _, _ in RENJA_ROWS}
    rows = []
    for code in ACTIVITY_ROWS:
        target = by_code.get(code)
        budget = target.budget_idr if target else None
        spent = target.realisation_idr if target else None
        rows.append(
            {
                "indicator": code,
                "label": labels[code],
                "budget_idr": budget,
                "realisation_idr": spent,
                "absorption_percent": _ratio_percent(spent, budget),
            }
        )
    budgets = [r for r in rows if r["budget_idr"] is not None]
    total_budget = sum(r["budget_idr"] for r in budgets) if budgets else None
    complete = bool(budgets) and all(r["realisation_idr"] is not None for r in budgets)
    total_spent = sum(r["realisation_idr"] for r in budgets) if complete else None
    return {
        "year": year,
        "rows": rows,
        "total": {
            "budget_idr": total_budget,
            "realisation_idr": total_spent,
            "absorption_percent": _ratio_percent(total_spent, total_budget),
        },
        "has_budget": bool(budgets),
        "complete": complete,
    }


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


def conclusion_list() -> QuerySet[MonevConclusion]:
    return MonevConclusion.objects.select_related("updated_by").order_by("-year")


def realisation_list() -> QuerySet[Realisation]:
    return Realisation.objects.order_by("-year", "indicator")


def evaluation_list(*, agreement_id: int | None = None) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("agreement", "evaluator").prefetch_related("evidence")
    if agreement_id:
        qs = qs.filter(agreement_id=agreement_id)
    return qs.order_by("-evaluated_on", "-id")
