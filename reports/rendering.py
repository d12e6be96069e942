"""Building the PDFs of report jobs: context, Django templates, WeasyPrint, pypdf.

Reads the database, writes nothing (safe outside a transaction); the job's state lives in
services.py. Every letter and report carries the official form of the regional tata naskah
dinas (DOMAIN.md section 11): kop with the lambang, place and date, a number line and a
signature block, configured by the KERJASAMA_* settings.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from lokal import terbilang

from agreements import rules, stages
from agreements.choices import DprdDecisionValue, Kind, NaskahType, Stage
from agreements.models import Agreement, Document, Naskah, Region, StageHistory
from agreements.uploads import sanitize_pdf
from monitoring import charts
from monitoring import selectors as monitoring
from monitoring.models import ASPECTS, CRITERIA, CRITERIA_LABELS, Evaluation, MonevConclusion
from monitoring.models import Realisation as HistoricalFigure
from monitoring.renja_display import renja_display

from . import supervisor
from .models import ReportJob, ReportType

logger = logging.getLogger(__name__)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"
LAMBANG_PLACEHOLDER = STATIC_DIR / "img" / "lambang-placeholder.svg"

TEMPLATES = {
    ReportType.MONEV_ANNUAL: "pdf/monev_annual.html",
    ReportType.AGREEMENT_SHEET: "pdf/agreement_sheet.html",
    ReportType.DPRD_PACKET: "pdf/dprd_packet.html",
    ReportType.SUPERVISOR_ANNUAL: supervisor.PDF_TEMPLATE,
}

#: Kinds the kabupaten/kota reports to the Menteri through the Gubernur (PP Ps. 43).
FOREIGN_KINDS = (Kind.KSDPL, Kind.KSDLL)


# --------------------------------------------------------------------------- official form


def kepala_daerah(pemda_name: str) -> tuple[str, str]:
    """('Bupati Malang', 'DPRD Kabupaten Malang') from 'Pemerintah Kabupaten Malang'."""
    region = pemda_name.removeprefix("Pemerintah").strip() or pemda_name
    if region.startswith("Kabupaten "):
        head = "Bupati " + region.removeprefix("Kabupaten ")
    elif region.startswith("Kota "):
        head = "Wali Kota " + region.removeprefix("Kota ")
    elif region.startswith("Provinsi "):
        head = "Gubernur " + region.removeprefix("Provinsi ")
    else:
        head = "Kepala Daerah " + region
    return head, f"DPRD {region}"


def _lambang_url() -> str:
    """file: URL of the configured lambang, else of the vendored placeholder."""
    configured = (settings.KERJASAMA_LAMBANG or "").strip()
    if configured:
        path = Path(configured)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        if path.is_file():
            return path.resolve().as_uri()
        logger.warning("KERJASAMA_LAMBANG %s tidak ditemukan; memakai gambar pengganti.", path)
    return LAMBANG_PLACEHOLDER.resolve().as_uri()


def official_context(*, today: dt.date | None = None) -> dict[str, Any]:
    """Kop, place and date, and the two signers (the unit's head and the kepala daerah)."""
    head, dprd = kepala_daerah(settings.KERJASAMA_PEMDA_NAME)
    return {
        "PEMDA_NAME": settings.KERJASAMA_PEMDA_NAME,
        "UNIT_NAME": settings.KERJASAMA_UNIT_NAME,
        "kop": {
            "lambang": _lambang_url(),
            "pemda": settings.KERJASAMA_PEMDA_NAME.upper(),
            "unit": settings.KERJASAMA_UNIT_NAME.upper(),
            "address": settings.KERJASAMA_ADDRESS,
            "contact": settings.KERJASAMA_CONTACT,
        },
        "place": settings.KERJASAMA_PLACE,
        "printed_on": today or timezone.localdate(),
        "kepala_daerah": head,
        "dprd_name": dprd,
        "unit_signer": {
            "title": settings.KERJASAMA_SIGNER_TITLE,
            "name": settings.KERJASAMA_SIGNER_NAME,
            "rank": settings.KERJASAMA_SIGNER_RANK,
            "nip": settings.KERJASAMA_SIGNER_NIP,
            "official": True,  # a civil servant: pangkat and NIP lines
        },
        "head_signer": {
            "title": head.upper(),
            "name": settings.KERJASAMA_HEAD_NAME,
            "official": False,  # an elected head has neither pangkat nor NIP
        },
    }


def home_region() -> dict[str, Any]:
    """The installation's level and province from KERJASAMA_HOME_REGION ('35.07' = a kabupaten)."""
    code = (settings.KERJASAMA_HOME_REGION or "").strip()
    province_code = code.split(".")[0]
    province = Region.objects.filter(code=province_code).values_list("name", flat=True).first()
    return {
        "code": code,
        "is_province": "." not in code,
        "province_code": province_code,
        "province_name": province or "",
    }


def supervisor_addressees(kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """Who receives the Laporan Pelaksanaan Kerja Sama Daerah, with the kinds each one gets.

    A kabupaten/kota: KSDD/KSDPK (and other domestic kinds) to the Gubernur as wakil Pemerintah
    Pusat (PP Ps. 44(4), UU Ps. 368); KSDPL/KSDLL to the Menteri through the Gubernur (PP
    Ps. 43). A province: everything to the Menteri (UU Ps. 368).
    """
    home = home_region()
    gubernur = f"Gubernur {home['province_name']}".strip()
    foreign = tuple(k for k in kinds if k in FOREIGN_KINDS)
    domestic = tuple(k for k in kinds if k not in FOREIGN_KINDS)
    if home["is_province"]:
        return [
            {
                "to": "Menteri Dalam Negeri",
                "via": "",
                "kinds": kinds,
                "basis": "Pasal 368 Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan "
                "Daerah dan Pasal 43 Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja "
                "Sama Daerah",
            }
        ]
    out = []
    if domestic:
        out.append(
            {
                "to": gubernur,
                "to_note": "selaku wakil Pemerintah Pusat",
                "via": "",
                "kinds": domestic,
                "basis": "Pasal 368 Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan "
                "Daerah dan Pasal 44 ayat (4) Peraturan Pemerintah Nomor 28 Tahun 2018 tentang "
                "Kerja Sama Daerah",
            }
        )
    if foreign:
        out.append(
            {
                "to": "Menteri Dalam Negeri",
                "via": gubernur,
                "kinds": foreign,
                "basis": "Pasal 43 Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama "
                "Daerah",
            }
        )
    return out


def count_words(n: int) -> str:
    """3 -> '3 (tiga)', as letters write counts."""
    return f"{n} ({terbilang(n)})" if n else "0 (nol)"


# --------------------------------------------------------------------------- monev annual


def _monev_agreements(year: int) -> list[Agreement]:
    signed_in_year = Naskah.objects.filter(signed_on__year=year).values("agreement_id")
    agreements = list(
        Agreement.objects.filter(Q(facilitated_on__year=year) | Q(pk__in=signed_in_year))
        .prefetch_related("partners")
        .annotate(
            signed_in_year=Count(
                "naskah",
                filter=Q(
                    naskah__signed_on__year=year,
                    naskah__naskah_type__in=[NaskahType.KB, NaskahType.PKS],
                ),
            )
        )
        .order_by("number")
    )
    kind_order = {k: i for i, k in enumerate(Kind.values)}

    def stage_rank(a: Agreement) -> int:
        sequence = stages.stages_of(a.kind)
        return sequence.index(a.stage) if a.stage in sequence else len(sequence)

    agreements.sort(key=lambda a: (kind_order.get(a.kind, 9), stage_rank(a), a.number))
    return agreements


def _group_by_kind_and_stage(agreements: list[Agreement]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for a in agreements:
        if not groups or groups[-1]["kind"] != a.kind:
            groups.append({"kind": a.kind, "label": a.get_kind_display(), "stages": []})
        stage_groups = groups[-1]["stages"]
        if not stage_groups or stage_groups[-1]["stage"] != a.stage:
            stage_groups.append({"stage": a.stage, "label": a.get_stage_display(), "rows": []})
        stage_groups[-1]["rows"].append(a)
    return groups


def _kind_summary(agreements: list[Agreement], year: int, evaluated: set[int]) -> list[dict]:
    rows: dict[str, dict[str, Any]] = {}
    for a in agreements:
        row = rows.setdefault(
            a.kind,
            {
                "kind": a.kind,
                "label": a.get_kind_display(),
                "total": 0,
                "facilitated": 0,
                "signed": 0,
                "in_force": 0,
                "evaluated": 0,
            },
        )
        row["total"] += 1
        row["facilitated"] += int(bool(a.facilitated_on and a.facilitated_on.year == year))
        row["signed"] += a.signed_in_year
        row["in_force"] += int(a.stage in (Stage.PELAKSANAAN, Stage.PENATAUSAHAAN, Stage.PELAPORAN))
        row["evaluated"] += int(a.pk in evaluated)
    order = {k: i for i, k in enumerate(Kind.values)}
    return sorted(rows.values(), key=lambda r: order.get(r["kind"], 99))


def _evaluation_findings(year: int) -> dict[str, Any]:
    evaluations = list(
        Evaluation.objects.filter(period_year=year)
        .select_related("agreement")
        .order_by("agreement__number", "evaluated_on", "id")
    )
    aspects = []
    for code, label in ASPECTS.items():
        notes = [
            {"number": e.agreement.number, "text": e.aspects[code].strip()}
            for e in evaluations
            if (e.aspects.get(code) or "").strip()
        ]
        aspects.append({"code": code, "label": label, "notes": notes})
    criteria = []
    for c in CRITERIA:
        scores = [getattr(e, c) for e in evaluations]
        criteria.append(
            {
                "code": c,
                "label": CRITERIA_LABELS[c],
                "average": sum(scores) / len(scores) if scores else None,
            }
        )
    return {
        "evaluation_count": len(evaluations),
        "evaluated_ids": {e.agreement_id for e in evaluations},
        "criteria": criteria,
        "aspects": aspects,
        "obstacles": [
            {"number": e.agreement.number, "text": e.obstacles.strip()}
            for e in evaluations
            if e.obstacles.strip()
        ],
        "follow_ups": [
            {"number": e.agreement.number, "text": e.follow_ups.strip()}
            for e in evaluations
            if e.follow_ups.strip()
        ],
    }


def monev_context(year: int) -> dict[str, Any]:
    kpi = monitoring.kpi_year(year=year)
    agreements = _monev_agreements(year)
    findings = _evaluation_findings(year)
    chart = charts.percent_bars(
        f"IKU tahun {year} per kelompok",
        [
            ("Seluruhnya", kpi["iku_percent"]),
            *(
                (monitoring.GROUP_LABELS[g], block["iku_percent"])
                for g, block in kpi["by_group"].items()
            ),
        ],
        target=kpi["target_percent"],
    )
    renja = renja_display(monitoring.renja_table(year=year), with_unit=False)
    conclusion = MonevConclusion.objects.filter(year=year).first()
    return {
        **official_context(),
        "year": year,
        "kpi": kpi,
        "group_labels": monitoring.GROUP_LABELS,
        "renja": renja,
        "renja_meta": monitoring.renja_meta(year=year),
        "history": list(HistoricalFigure.objects.filter(year__in=[year - 1, year])),
        "outputs": monitoring.outputs_vs_targets(year=year),
        "groups": _group_by_kind_and_stage(agreements),
        "agreement_count": len(agreements),
        "kind_summary": _kind_summary(agreements, year, findings.pop("evaluated_ids")),
        "budget": monitoring.budget_absorption(year=year),
        "conclusion": conclusion,
        "chart": chart,
        **findings,
    }


# --------------------------------------------------------------------------- agreement sheet


def _agreement_detail(agreement_id: int) -> Agreement:
    return (
        Agreement.objects.select_related("owner", "renewal_of")
        .prefetch_related(
            "partners__region",
            "urusan",
            "stage_history__user",
            "naskah__document",
            "documents",
            "dprd_decisions",
        )
        .get(pk=agreement_id)
    )


def agreement_sheet_context(agreement_id: int) -> dict[str, Any]:
    return {**official_context(), "agreement": _agreement_detail(agreement_id)}


# --------------------------------------------------------------------------- DPRD packet


@dataclass
class Attachment:
    document: Document
    pages: int
    start: int | None = None
    reader: Any = None


def _packet_attachments(agreement: Agreement) -> tuple[list[Attachment], list[Document]]:
    """The agreement's PDF documents in rules.PACKET_DOC_TYPES order; unreadable ones set aside."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    order = rules.PACKET_DOC_TYPES.get(agreement.kind, rules.PACKET_DOC_TYPES[Kind.KSDPK])
    docs = sorted(
        (
            d
            for d in agreement.documents.all()
            if d.doc_type in order and d.content_type == "application/pdf"
        ),
        key=lambda d: (order.index(d.doc_type), d.pk),
    )
    attached, skipped = [], []
    for doc in docs:
        try:
            with doc.file.open("rb") as handle:
                reader = PdfReader(io.BytesIO(handle.read()))
                if reader.is_encrypted:
                    raise PyPdfError("terenkripsi")
                pages = len(reader.pages)
        except (OSError, ValueError, PyPdfError) as exc:
            logger.warning("Lampiran %s tidak dapat dibaca: %s", doc.pk, exc)
            skipped.append(doc)
            continue
        attached.append(Attachment(document=doc, pages=pages, reader=reader))
    return attached, skipped


def _submitted_on(agreement: Agreement) -> dt.date:
    """The day the request goes to the DPRD: the date `persetujuan_dprd` was entered, else today."""
    entered = (
        StageHistory.objects.filter(agreement=agreement, to_stage=Stage.PERSETUJUAN_DPRD)
        .order_by("-date", "-id")
        .values_list("date", flat=True)
        .first()
    )
    return entered or timezone.localdate()


def _dprd_receipt(agreement: Agreement) -> dt.date | None:
    """The day the DPRD received the request (its agenda stamp).

    SWITCH(dprd_received_on): `Agreement.dprd_received_on` comes with the DPRD rules of
    DOMAIN.md section 11; until the field exists this returns None and the letter states the
    stored `dprd_deadline` (counted from the transition date, the usual same-day delivery).
    """
    return getattr(agreement, "dprd_received_on", None)


def dprd_packet_context(agreement_id: int) -> dict[str, Any]:
    agreement = _agreement_detail(agreement_id)
    approved = [d for d in agreement.dprd_decisions.all() if not d.superseded]
    rencana = [n for n in agreement.naskah.all() if n.naskah_type == "rencana_kerja_sama"]
    kb = [n for n in agreement.naskah.all() if n.naskah_type == "kb"]
    submitted = _submitted_on(agreement)
    return {
        **official_context(today=submitted),
        "agreement": agreement,
        "submitted_on": submitted,
        "received_on": _dprd_receipt(agreement),
        "deadline": agreement.dprd_deadline,
        "is_foreign": agreement.kind in FOREIGN_KINDS,
        "decisions": approved,
        "approved": any(d.decision == DprdDecisionValue.DISETUJUI for d in approved),
        "rencana": rencana,
        "kb": kb,
    }


# --------------------------------------------------------------------------- supervisor


def supervisor_context(*, year: int, kinds: list[str] | tuple[str, ...] | None) -> dict:
    chosen = supervisor.kinds_clean(list(kinds or []))
    letters = [
        {**addressee, "report": supervisor.supervisor_report(year=year, kinds=addressee["kinds"])}
        for addressee in supervisor_addressees(chosen)
    ]
    return {**official_context(), "year": year, "kinds": chosen, "letters": letters}


# --------------------------------------------------------------------------- WeasyPrint


def _url_fetcher():
    """Local files and data: URIs only; WeasyPrint never goes to the network."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


def html_to_document(html: str, *, extra_css: str = ""):
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher()
    stylesheets = [CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)]
    if extra_css:  # rules computed here (no <style> in templates: the CSP test forbids them)
        stylesheets.append(CSS(string=extra_css, url_fetcher=fetcher))
    return HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher).render(
        stylesheets=stylesheets
    )


def _render_packet(agreement_id: int, progress) -> bytes:
    """Own pages (letter, summary, contents) followed by the attached PDFs, merged with pypdf.

    "Lampiran" counts the attachments merged; "Halaman n dari N" counts the whole packet.
    """
    from pypdf import PdfReader, PdfWriter

    context = dprd_packet_context(agreement_id)
    attached, skipped = _packet_attachments(context["agreement"])
    attached_pages = sum(item.pages for item in attached)
    context.update(
        attachments=attached,
        skipped=skipped,
        attachment_count=count_words(len(attached)),
    )
    own_pages = 0
    document = None
    for _ in range(4):  # the contents' page numbers depend on our own page count
        start = own_pages + 1
        for item in attached:
            item.start = start
            start += item.pages
        total = own_pages + attached_pages
        html = render_to_string(TEMPLATES[ReportType.DPRD_PACKET], context)
        # "dari N" counts the whole packet: our pages and the merged attachments.
        footer = (
            f'@page {{ @bottom-center {{ content: "Halaman " counter(page) " dari {total}"; }} }}'
        )
        document = html_to_document(html, extra_css=footer)
        if len(document.pages) == own_pages:
            break
        own_pages = len(document.pages)
    progress(50)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(document.write_pdf())))
    for item in attached:
        writer.append(item.reader)
    sanitize_pdf(writer)  # partners' PDFs: no JavaScript, open or launch actions
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_context(job: ReportJob) -> dict[str, Any]:
    if job.report_type == ReportType.MONEV_ANNUAL:
        return monev_context(job.params["year"])
    if job.report_type == ReportType.SUPERVISOR_ANNUAL:
        return supervisor_context(year=job.params["year"], kinds=job.params.get("kinds"))
    return agreement_sheet_context(job.params["agreement"])


def report_pdf(job: ReportJob, progress=lambda value: None) -> bytes:
    """The PDF of `job` as bytes. Reads the database, writes nothing."""
    if job.report_type == ReportType.DPRD_PACKET:
        return _render_packet(job.params["agreement"], progress)
    html = render_to_string(TEMPLATES[job.report_type], report_context(job))
    progress(50)
    return html_to_document(html).write_pdf()


def download_name(job: ReportJob) -> str:
    """File name of the download, with the registry number or the year."""
    number = job.agreement.number if job.agreement_id and job.agreement else str(job.pk)
    number = number.replace("/", "-")  # KS/2026/0007 -> KS-2026-0007 (a file name)
    year = job.params.get("year") if isinstance(job.params, dict) else None
    names = {
        ReportType.DPRD_PACKET: f"paket-dprd-{number}.pdf",
        ReportType.AGREEMENT_SHEET: f"lembar-kerja-sama-{number}.pdf",
        ReportType.MONEV_ANNUAL: f"laporan-monev-{year}.pdf",
        ReportType.SUPERVISOR_ANNUAL: f"laporan-pelaksanaan-kerja-sama-{year}.pdf",
    }
    return names.get(job.report_type, f"laporan-{job.pk}.pdf")
