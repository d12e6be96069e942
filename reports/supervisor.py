"""Reports to the supervisors: PP 28/2018 Ps. 43 (KSDPL/KSDLL to Mendagri) and UU 23/2014
Ps. 368 (monev of regional cooperation by the Governor or Mendagri).

A year's report lists every agreement of the chosen kinds that ran during the year (facilitated
on or before 31 December and not ended or cancelled before 1 January), with its stage and status
at the end of the year (or today, for the current year), its latest valid DPRD decision up to
then and its signed naskah, plus the registry's figures per kind. Reads only; the database counts.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from agreements.choices import DprdDecisionValue, Kind, NaskahType, Stage, Status
from agreements.export import spreadsheet_text
from agreements.models import Agreement, DprdDecision, Naskah, Partner, StageHistory
from kerjasama.formatting import tanggal

#: Kinds the Ps. 43 report to Mendagri covers; the default of the page.
SUPERVISED_KINDS: tuple[str, ...] = (Kind.KSDPL, Kind.KSDLL)
FIRST_YEAR = 2000
LAST_YEAR = 2100
_TERMINAL = (Stage.SELESAI, Stage.DIBATALKAN)


def kinds_clean(values: list[str] | None) -> tuple[str, ...]:
    """Known kind codes in table order; none given (or none known) = KSDPL and KSDLL."""
    chosen = tuple(k for k in Kind.values if k in set(values or []))
    return chosen or SUPERVISED_KINDS


def legal_basis(kinds: tuple[str, ...]) -> str:
    if set(kinds) <= set(SUPERVISED_KINDS):
        return (
            "Laporan pelaksanaan kerja sama daerah dengan pemerintah daerah dan lembaga di luar "
            "negeri kepada Menteri Dalam Negeri (PP 28/2018 Pasal 43)"
        )
    return (
        "Laporan kerja sama daerah untuk pembinaan dan pengawasan serta monitoring dan evaluasi "
        "(UU 23/2014 Pasal 368; PP 28/2018 Pasal 43 dan 44)"
    )


def supervisor_agreements(*, year: int, kinds: tuple[str, ...]) -> QuerySet[Agreement]:
    """Agreements of `kinds` that ran during `year`, annotated with their state at year end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    history = StageHistory.objects.filter(agreement=OuterRef("pk"))
    closed_on = Subquery(
        history.filter(to_stage__in=_TERMINAL)
        .order_by()
        .values("agreement")
        .annotate(last=Max("date"))
        .values("last")[:1],
        output_field=DateField(),
    )
    stage_at_end = Subquery(
        history.filter(date__lte=end).order_by("-date", "-id").values("to_stage")[:1],
        output_field=CharField(),
    )
    decision = DprdDecision.objects.filter(
        agreement=OuterRef("pk"), superseded=False, date__lte=end
    ).order_by("-date", "-id")
    signed = Naskah.objects.filter(
        naskah_type__in=[NaskahType.KB, NaskahType.PKS], signed_on__lte=end
    ).order_by("signed_on", "id")
    return (
        Agreement.objects.filter(kind__in=kinds, facilitated_on__lte=end)
        .annotate(closed_on=closed_on)
        .filter(Q(status=Status.AKTIF) | Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .annotate(
            stage_at_end=Coalesce(stage_at_end, F("stage")),
            status_at_end=Case(
                When(stage_at_end=Stage.SELESAI, then=Value(Status.SELESAI)),
                When(stage_at_end=Stage.DIBATALKAN, then=Value(Status.DIBATALKAN)),
                default=Value(Status.AKTIF),
                output_field=CharField(),
            ),
            dprd_decision=Subquery(decision.values("decision")[:1]),
            dprd_decision_date=Subquery(decision.values("date")[:1]),
            dprd_letter_number=Subquery(decision.values("letter_number")[:1]),
        )
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("id", "name").order_by("name")),
            Prefetch("naskah", queryset=signed, to_attr="signed_naskah"),
        )
        .order_by("kind", "number")
    )


@dataclass
class KindFigures:
    kind: str
    label: str
    total: int = 0
    aktif: int = 0
    selesai: int = 0
    dibatalkan: int = 0
    facilitated_in_year: int = 0
    signed_in_year: int = 0
    dprd_disetujui: int = 0
    dprd_ditolak: int = 0
    dprd_menunggu: int = 0


@dataclass
class Row:
    agreement: Agreement
    stage_label: str
    status_label: str
    dprd_label: str
    partners: str
    naskah: str


@dataclass
class SupervisorReport:
    year: int
    kinds: tuple[str, ...]
    legal_basis: str
    as_of: dt.date
    rows: list[Row] = field(default_factory=list)
    figures: list[KindFigures] = field(default_factory=list)
    total: KindFigures | None = None
    by_stage: list[tuple[str, int]] = field(default_factory=list)


def _waiting_for_dprd(agreement: Agreement) -> bool:
    """At the year's end: in the DPRD stage, needing its approval, not yet decided."""
    return (
        not agreement.dprd_decision
        and agreement.dprd_required
        and agreement.stage_at_end == Stage.PERSETUJUAN_DPRD
    )


def _dprd_label(agreement: Agreement) -> str:
    if agreement.dprd_decision:
        label = DprdDecisionValue(agreement.dprd_decision).label
        parts = [label, tanggal(agreement.dprd_decision_date)]
        if agreement.dprd_letter_number:
            parts.append(f"no. {agreement.dprd_letter_number}")
        return ", ".join(parts)
    if not agreement.dprd_required:
        return "Tidak diperlukan"
    if _waiting_for_dprd(agreement):
        return "Menunggu keputusan DPRD"
    return "Belum ada keputusan"


def _naskah_label(naskah: Naskah) -> str:
    label = " ".join(filter(None, [NaskahType(naskah.naskah_type).label, naskah.number]))
    return f"{label} ({tanggal(naskah.signed_on)})"


def supervisor_report(*, year: int, kinds: tuple[str, ...] = SUPERVISED_KINDS) -> SupervisorReport:
    today = timezone.localdate()
    end = dt.date(year, 12, 31)
    report = SupervisorReport(
        year=year, kinds=kinds, legal_basis=legal_basis(kinds), as_of=min(today, end)
    )
    figures = {k: KindFigures(kind=k, label=Kind(k).label) for k in kinds}
    stage_counts: dict[str, int] = {}
    for agreement in supervisor_agreements(year=year, kinds=kinds):
        fig = figures[agreement.kind]
        fig.total += 1
        setattr(fig, agreement.status_at_end, getattr(fig, agreement.status_at_end) + 1)
        if agreement.facilitated_on.year == year:
            fig.facilitated_in_year += 1
        if any(n.signed_on.year == year for n in agreement.signed_naskah):
            fig.signed_in_year += 1
        if agreement.dprd_decision == DprdDecisionValue.DISETUJUI:
            fig.dprd_disetujui += 1
        elif agreement.dprd_decision == DprdDecisionValue.DITOLAK:
            fig.dprd_ditolak += 1
        elif _waiting_for_dprd(agreement):  # the same rule as the row's label
            fig.dprd_menunggu += 1
        stage_counts[agreement.stage_at_end] = stage_counts.get(agreement.stage_at_end, 0) + 1
        report.rows.append(
            Row(
                agreement=agreement,
                stage_label=Stage(agreement.stage_at_end).label,
                status_label=Status(agreement.status_at_end).label,
                dprd_label=_dprd_label(agreement),
                partners=", ".join(p.name for p in agreement.partners.all()),
                naskah="; ".join(_naskah_label(n) for n in agreement.signed_naskah),
            )
        )
    report.figures = list(figures.values())
    total = KindFigures(kind="", label="Jumlah")
    for fig in report.figures:
        for name in (
            "total", "aktif", "selesai", "dibatalkan", "facilitated_in_year", "signed_in_year",
            "dprd_disetujui", "dprd_ditolak", "dprd_menunggu",
        ):  # fmt: skip
            setattr(total, name, getattr(total, name) + getattr(fig, name))
    report.total = total
    report.by_stage = [
        (Stage(code).label, stage_counts[code]) for code in Stage.values if code in stage_counts
    ]
    return report


# --------------------------------------------------------------------------- XLSX

FIGURE_COLUMNS = (
    ("label", "Jenis kerja sama"),
    ("total", "Jumlah dilaporkan"),
    ("aktif", "Aktif"),
    ("selesai", "Selesai"),
    ("dibatalkan", "Dibatalkan"),
    ("facilitated_in_year", "Mulai difasilitasi tahun ini"),
    ("signed_in_year", "Naskah KB/PKS ditandatangani tahun ini"),
    ("dprd_disetujui", "Disetujui DPRD"),
    ("dprd_ditolak", "Ditolak DPRD"),
    ("dprd_menunggu", "Menunggu keputusan DPRD"),
)
ROW_COLUMNS = (
    "No.", "Nomor registri", "Judul", "Jenis", "Mitra", "Tanggal mulai difasilitasi",
    "Tahapan", "Status", "Perlu persetujuan DPRD", "Keputusan DPRD", "Naskah ditandatangani",
    "Berlaku mulai", "Berakhir",
)  # fmt: skip


def supervisor_xlsx(report: SupervisorReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    summary.append([f"Laporan pengawasan kerja sama daerah tahun {report.year}"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([report.legal_basis])
    summary.append([f"Keadaan per {tanggal(report.as_of)}"])
    summary.append([])
    summary.append([label for _, label in FIGURE_COLUMNS])
    for cell in summary[5]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for fig in [*report.figures, report.total]:
        summary.append([getattr(fig, name) for name, _ in FIGURE_COLUMNS])
    for cell in summary[summary.max_row]:
        cell.font = bold
    summary.column_dimensions["A"].width = 60
    for index in range(2, len(FIGURE_COLUMNS) + 1):
        summary.column_dimensions[get_column_letter(index)].width = 16

    listing = book.create_sheet("Daftar kerja sama")
    listing.append(list(ROW_COLUMNS))
    for cell in listing[1]:
        cell.font = bold
    for number, row in enumerate(report.rows, 1):
        a = row.agreement
        values = [
            number, a.number, spreadsheet_text(a.title), a.kind, spreadsheet_text(row.partners),
            a.facilitated_on, row.stage_label, row.status_label,
            "Ya" if a.dprd_required else "Tidak", spreadsheet_text(row.dprd_label),
            spreadsheet_text(row.naskah), a.start_date, a.end_date,
        ]  # fmt: skip
        listing.append(values)
        for cell in listing[listing.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    for column in ("F", "L", "M"):
        for cell in listing[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    widths = (6, 16, 50, 8, 36, 14, 34, 12, 12, 36, 44, 14, 14)
    for index, width in enumerate(widths, 1):
        listing.column_dimensions[get_column_letter(index)].width = width
    listing.freeze_panes = "A2"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF

#: Template of a "supervisor_annual" job (context: rendering.supervisor_context).
PDF_TEMPLATE = "pdf/supervisor_report.html"
