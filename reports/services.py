"""Report jobs: who may ask for which PDF, the idempotency key, and building the PDF.

`report_request` validates, checks permission and queues one job per (report, parameters, state of
the data): asking twice on unchanged data returns the same job. `report_build` (run by the Celery
task, never inside a transaction) renders the HTML with Django templates, prints it with
WeasyPrint, merges the DPRD packet's attachments with pypdf and stores the PDF under a fixed name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Avg, Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from agreements import stages
from agreements.choices import DocType, DprdDecisionValue, Kind, Stage
from agreements.models import Agreement, Document, DprdDecision, Naskah, StageHistory
from agreements.selectors import agreement_visible_to
from agreements.uploads import sanitize_pdf
from kerjasama import roles
from kerjasama.errors import NotAllowed

from .models import JobStatus, ReportJob, ReportType

logger = logging.getLogger(__name__)

#: Bump when the templates change in a way that must invalidate existing PDFs.
REPORT_VERSION = "1"
YEAR_MIN, YEAR_MAX = 2000, 2100
STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_CSS = STATIC_DIR / "css" / "print.css"

#: Attachments of the DPRD packet, in this order (PDF documents only), per kind.
#: KSDPL/KSDLL: the rencana kerja sama and what led to it (PP 28/2018 Ps. 30(2));
#: KSDD/KSDPK: the signed KB, the draft PKS and the basis of the burden/budget note.
PACKET_DOC_TYPES: dict[str, tuple[str, ...]] = {
    Kind.KSDPL: (
        DocType.RENCANA_KERJA_SAMA,
        DocType.PERNYATAAN_KEHENDAK,
        DocType.SURAT_MENTERI,
        DocType.LAINNYA,
    ),
    Kind.KSDD: (
        DocType.KB,
        DocType.PKS,
        DocType.SURAT_PENAWARAN,
        DocType.STUDI_KELAYAKAN,
        DocType.LAINNYA,
    ),
}
PACKET_DOC_TYPES[Kind.KSDLL] = PACKET_DOC_TYPES[Kind.KSDPL]
PACKET_DOC_TYPES[Kind.KSDPK] = PACKET_DOC_TYPES[Kind.KSDD]

TEMPLATES = {
    ReportType.MONEV_ANNUAL: "pdf/monev_annual.html",
    ReportType.AGREEMENT_SHEET: "pdf/agreement_sheet.html",
    ReportType.DPRD_PACKET: "pdf/dprd_packet.html",
    ReportType.SUPERVISOR_ANNUAL: "arsip/supervisor_pdf.html",
}


# --------------------------------------------------------------------------- permission


def dprd_may_receive_packet(agreement: Agreement) -> bool:
    """A packet goes to DPRD while it decides, or for the record once it has decided."""
    if not agreement.dprd_required:
        return False
    return (
        agreement.stage == Stage.PERSETUJUAN_DPRD
        or DprdDecision.objects.filter(agreement=agreement).exists()
    )


def _check_may_request(user, report_type: str, agreement: Agreement | None) -> None:
    if roles.is_reader(user):
        return
    if not roles.is_dprd(user):
        raise NotAllowed("Anda tidak berhak membuat laporan.")
    if report_type != ReportType.DPRD_PACKET:
        raise NotAllowed("Anggota DPRD hanya dapat mengunduh berkas persetujuan DPRD.")
    if agreement is None or not dprd_may_receive_packet(agreement):
        raise NotAllowed("Kerja sama ini tidak sedang atau tidak pernah menunggu persetujuan DPRD.")


def job_visible_to(user, job: ReportJob) -> bool:
    if roles.is_reader(user):
        return True
    if not roles.is_dprd(user) or job.report_type != ReportType.DPRD_PACKET:
        return False
    if job.requested_by_id == user.pk:
        return True
    agreement = job.agreement
    return agreement is not None and dprd_may_receive_packet(agreement)


# --------------------------------------------------------------------------- parameters


def _int_param(params: dict, name: str, message: str) -> int:
    value = params.get(name)
    if isinstance(value, bool):
        raise ValidationError({name: [message]})
    if isinstance(value, str) and value.strip().isdecimal():
        try:
            value = int(value.strip())
        except ValueError:  # more digits than Python converts
            raise ValidationError({name: [message]}) from None
    if not isinstance(value, int):
        raise ValidationError({name: [message]})
    return value


def report_params_clean(*, report_type: str, params: dict, user) -> tuple[dict, Agreement | None]:
    """Normalised parameters and the agreement they name; ValidationError (400) otherwise."""
    if report_type not in ReportType.values:
        raise ValidationError(
            {"report_type": ["Jenis laporan tidak dikenal. Pilih salah satu: "
                             + ", ".join(ReportType.values) + "."]}
        )  # fmt: skip
    if not isinstance(params, dict):
        raise ValidationError({"non_field_errors": ["Parameter laporan tidak valid."]})
    if report_type == ReportType.MONEV_ANNUAL:
        year = _int_param(params, "year", f"Tahun wajib berupa angka {YEAR_MIN}–{YEAR_MAX}.")
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValidationError({"year": [f"Tahun harus antara {YEAR_MIN} dan {YEAR_MAX}."]})
        return {"year": year}, None
    if report_type == ReportType.SUPERVISOR_ANNUAL:
        from arsip.supervisor import kinds_clean  # HOOK: arsip

        year = _int_param(params, "year", f"Tahun wajib berupa angka {YEAR_MIN}–{YEAR_MAX}.")
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValidationError({"year": [f"Tahun harus antara {YEAR_MIN} dan {YEAR_MAX}."]})
        kinds = params.get("kinds") or []
        if not isinstance(kinds, list | tuple):
            raise ValidationError({"kinds": ["Jenis kerja sama harus berupa daftar kode."]})
        return {"year": year, "kinds": list(kinds_clean([str(k) for k in kinds]))}, None
    agreement_id = _int_param(params, "agreement", "Pilih kerja sama (nomor id) yang dilaporkan.")
    if roles.is_dprd(user) and report_type != ReportType.DPRD_PACKET:
        # Checked before the lookup: DPRD never learns whether another agreement exists.
        _check_may_request(user, report_type, None)
    agreement = agreement_visible_to(user).filter(pk=agreement_id).first()
    if agreement is None:
        raise ValidationError({"agreement": ["Kerja sama tidak ditemukan."]})
    return {"agreement": agreement_id}, agreement


# --------------------------------------------------------------------------- fingerprint


def _stamp(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _agreement_fingerprint(agreement: Agreement) -> dict[str, Any]:
    def counts(qs) -> list:
        row = qs.aggregate(n=Count("id"), last=Max("id"))
        return [row["n"], row["last"]]

    partners = agreement.partners.aggregate(n=Count("id"), last=Max("updated_at"))
    return {
        "updated_at": _stamp(agreement.updated_at),
        "version": agreement.version,
        "stage": agreement.stage,
        "status": agreement.status,
        "naskah": counts(Naskah.objects.filter(agreement=agreement)),
        "documents": counts(Document.objects.filter(agreement=agreement)),
        "history": counts(StageHistory.objects.filter(agreement=agreement)),
        "dprd": counts(DprdDecision.objects.filter(agreement=agreement)),
        "partners": [partners["n"], _stamp(partners["last"])],
    }


def _monev_fingerprint(year: int) -> dict[str, Any]:
    from monitoring.models import Evaluation, Realisation, Target

    agreements = Agreement.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    naskah = Naskah.objects.aggregate(n=Count("id"), last=Max("id"))
    evaluations = Evaluation.objects.aggregate(n=Count("id"), last=Max("id"))
    targets = Target.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("updated_at"))
    realisations = Realisation.objects.aggregate(n=Count("id"), last=Max("id"))
    return {
        "year": year,
        "agreements": [agreements["n"], _stamp(agreements["last"])],
        "naskah": [naskah["n"], naskah["last"]],
        "evaluations": [evaluations["n"], evaluations["last"]],
        "targets": [targets["n"], targets["last"], _stamp(targets["at"])],
        "realisations": [realisations["n"], realisations["last"]],
    }


def report_key(report_type: str, params: dict, agreement: Agreement | None) -> str:
    """sha256 of the report, its parameters and the state of the data it prints."""
    if report_type == ReportType.MONEV_ANNUAL:
        data = _monev_fingerprint(params["year"])
    elif report_type == ReportType.SUPERVISOR_ANNUAL:
        history = StageHistory.objects.aggregate(n=Count("id"), last=Max("id"))
        decisions = DprdDecision.objects.aggregate(n=Count("id"), last=Max("id"))
        data = {
            **_monev_fingerprint(params["year"]),
            "history": [history["n"], history["last"]],
            "dprd": [decisions["n"], decisions["last"]],
        }
    else:
        data = _agreement_fingerprint(agreement)
    payload = json.dumps(
        {"v": REPORT_VERSION, "type": report_type, "params": params, "data": data},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# --------------------------------------------------------------------------- request


def _send(job_id: int) -> None:
    from .tasks import report_render

    report_render.delay(job_id)


def _queue(job_id: int) -> None:
    """Send the job to the worker after the commit; a broker failure never undoes the request.

    robust=True: the job row is committed and stays `queued`; asking again after
    REPORT_REQUEUE_AFTER_SECONDS, or kerjasama.recovery.recover_stuck_work(), sends it again.
    """
    transaction.on_commit(lambda: _send(job_id), robust=True)  # not partial: no __qualname__


#: Last sign of life after which a job is taken for lost: `queued` without a worker picking it up
#: (message lost with the broker), `running` longer than the task's hard time limit (worker or
#: web process killed mid-render).
def _stale_cutoffs(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    queued = getattr(settings, "REPORT_REQUEUE_AFTER_SECONDS", 120)
    running = getattr(settings, "REPORT_RUNNING_LOST_AFTER_SECONDS", 420)
    return now - dt.timedelta(seconds=queued), now - dt.timedelta(seconds=running)


def _stale_q(now: dt.datetime) -> Q:
    queued_cutoff, running_cutoff = _stale_cutoffs(now)
    queued = Q(status=JobStatus.QUEUED) & (
        Q(started_at__lte=queued_cutoff) | Q(started_at__isnull=True, created_at__lte=queued_cutoff)
    )
    running = Q(status=JobStatus.RUNNING) & (
        Q(started_at__lte=running_cutoff)
        | Q(started_at__isnull=True, created_at__lte=running_cutoff)
    )
    return queued | running


def report_job_requeue(job_id: int, *, now: dt.datetime | None = None) -> bool:
    """Queue a lost job again (failed, or stale queued/running); stamped so it is sent once."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            ReportJob.objects.filter(pk=job_id)
            .filter(Q(status=JobStatus.FAILED) | _stale_q(now))
            .update(status=JobStatus.QUEUED, error="", progress=0, started_at=now)
        )
        if claimed:
            _queue(job_id)
    return bool(claimed)


def report_jobs_requeue_stale(
    *, older_than: dt.timedelta | None = None, now: dt.datetime | None = None
) -> list[int]:
    """Every job whose message or worker was lost, queued again (ids). Run by the daily job."""
    now = now or timezone.now()
    if older_than is None:
        condition = _stale_q(now)
    else:
        cutoff = now - older_than
        condition = Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]) & (
            Q(started_at__lte=cutoff) | Q(started_at__isnull=True, created_at__lte=cutoff)
        )
    requeued = []
    for job_id in ReportJob.objects.filter(condition).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            claimed = ReportJob.objects.filter(condition, pk=job_id).update(
                status=JobStatus.QUEUED, progress=0, started_at=now
            )
            if claimed:
                _queue(job_id)
                requeued.append(job_id)
    return requeued


@transaction.atomic
def report_request(*, report_type: str, params: dict, user) -> tuple[ReportJob, bool]:
    """Queue a report (or return the job already made for the same data): (job, created)."""
    params, agreement = report_params_clean(report_type=report_type, params=params, user=user)
    _check_may_request(user, report_type, agreement)
    key = report_key(report_type, params, agreement)
    job, created = ReportJob.objects.get_or_create(
        key=key,
        defaults={
            "report_type": report_type,
            "params": params,
            "agreement": agreement,
            "requested_by": user,
        },
    )
    if created:
        _queue(job.pk)
    elif job.status != JobStatus.DONE and report_job_requeue(job.pk):
        # A failed job is tried again rather than answered with its old error; a job whose
        # message was lost (queued too long) or whose render was killed (running too long)
        # is sent again.
        job.refresh_from_db()
    return job, created


# --------------------------------------------------------------------------- building


def _base_context() -> dict[str, Any]:
    return {
        "PEMDA_NAME": settings.KERJASAMA_PEMDA_NAME,
        "UNIT_NAME": settings.KERJASAMA_UNIT_NAME,
        "printed_on": timezone.localdate(),
    }


def _kepala_daerah(pemda_name: str) -> tuple[str, str]:
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


def _bar_chart(bars: list[dict[str, Any]], target: float | None) -> dict[str, Any]:
    """Geometry of a simple horizontal-axis bar chart (percent, 0..max) for inline SVG."""
    width, height, left, bottom, top = 480, 200, 40, 30, 10
    plot_h = height - bottom - top
    values = [b["value"] for b in bars if b["value"] is not None]
    scale_max = max([100.0, *(float(v) for v in values), float(target or 0)])
    slot = (width - left - 10) / max(1, len(bars))
    out = []
    for i, bar in enumerate(bars):
        value = float(bar["value"] or 0)
        h = plot_h * value / scale_max
        out.append(
            {
                **bar,
                "x": round(left + i * slot + slot * 0.2, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(slot * 0.6, 1),
                "h": round(h, 1),
                "label_x": round(left + i * slot + slot / 2, 1),
                "value_y": round(top + plot_h - h - 3, 1),
            }
        )
    ticks = [
        {"value": v, "y": round(top + plot_h - plot_h * v / scale_max, 1)}
        for v in range(0, int(scale_max) + 1, 25)
    ]
    target_y = round(top + plot_h - plot_h * float(target) / scale_max, 1) if target else None
    return {
        "width": width,
        "height": height,
        "left": left,
        "tick_x": left - 4,
        "name_y": top + plot_h + 12,
        "target_label_y": target_y - 3 if target_y is not None else None,
        "axis_y": top + plot_h,
        "bars": out,
        "ticks": ticks,
        "target": target,
        "target_y": target_y,
        "right": width - 10,
    }


def monev_context(year: int) -> dict[str, Any]:
    from monitoring import selectors as monitoring
    from monitoring.models import CRITERIA, CRITERIA_LABELS, Evaluation

    kpi = monitoring.kpi_year(year=year)
    signed_in_year = Naskah.objects.filter(signed_on__year=year).values("agreement_id")
    agreements = list(
        Agreement.objects.filter(Q(facilitated_on__year=year) | Q(pk__in=signed_in_year))
        .prefetch_related("partners")
        .order_by("number")
    )
    kind_order = {k: i for i, k in enumerate(Kind.values)}

    def stage_rank(a: Agreement) -> int:
        sequence = stages.stages_of(a.kind)
        return sequence.index(a.stage) if a.stage in sequence else len(sequence)

    agreements.sort(key=lambda a: (kind_order.get(a.kind, 9), stage_rank(a), a.number))
    groups: list[dict[str, Any]] = []
    for a in agreements:
        if not groups or groups[-1]["kind"] != a.kind:
            groups.append({"kind": a.kind, "label": a.get_kind_display(), "stages": []})
        stage_groups = groups[-1]["stages"]
        if not stage_groups or stage_groups[-1]["stage"] != a.stage:
            stage_groups.append({"stage": a.stage, "label": a.get_stage_display(), "rows": []})
        stage_groups[-1]["rows"].append(a)

    evaluations = Evaluation.objects.filter(period_year=year).aggregate(
        n=Count("id"), **{c: Avg(c) for c in CRITERIA}
    )
    criteria = [
        {"code": c, "label": CRITERIA_LABELS[c], "average": evaluations[c]} for c in CRITERIA
    ]
    bars = [
        {"label": "Seluruhnya", "value": kpi["iku_percent"]},
        *(
            {"label": monitoring.GROUP_LABELS[g], "value": block["iku_percent"]}
            for g, block in kpi["by_group"].items()
        ),
    ]
    return {
        **_base_context(),
        "year": year,
        "kpi": kpi,
        "group_labels": monitoring.GROUP_LABELS,
        "renja": monitoring.renja_table(year=year),
        "outputs": monitoring.outputs_vs_targets(year=year),
        "groups": groups,
        "agreement_count": len(agreements),
        "evaluation_count": evaluations["n"],
        "criteria": criteria,
        "chart": _bar_chart(bars, kpi["target_percent"]),
    }


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
    return {**_base_context(), "agreement": _agreement_detail(agreement_id)}


@dataclass
class Attachment:
    document: Document
    pages: int
    start: int | None = None
    reader: Any = None


def _packet_attachments(agreement: Agreement) -> tuple[list[Attachment], list[Document]]:
    """The agreement's PDF documents in PACKET_DOC_TYPES order; unreadable ones set aside."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    order = PACKET_DOC_TYPES[agreement.kind]
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


def dprd_packet_context(agreement_id: int) -> dict[str, Any]:
    agreement = _agreement_detail(agreement_id)
    head, dprd = _kepala_daerah(settings.KERJASAMA_PEMDA_NAME)
    approved = [d for d in agreement.dprd_decisions.all() if not d.superseded]
    rencana = [n for n in agreement.naskah.all() if n.naskah_type == "rencana_kerja_sama"]
    kb = [n for n in agreement.naskah.all() if n.naskah_type == "kb"]
    return {
        **_base_context(),
        "agreement": agreement,
        "kepala_daerah": head,
        "dprd_name": dprd,
        "is_foreign": agreement.kind in (Kind.KSDPL, Kind.KSDLL),
        "decisions": approved,
        "approved": any(d.decision == DprdDecisionValue.DISETUJUI for d in approved),
        "rencana": rencana,
        "kb": kb,
    }


def _url_fetcher():
    """Local files and data: URIs only; WeasyPrint never goes to the network."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


def html_to_document(html: str):
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher()
    return HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)]
    )


def _render_packet(agreement_id: int, progress) -> bytes:
    """Own pages (letter, summary, contents) followed by the attached PDFs, merged with pypdf."""
    from pypdf import PdfReader, PdfWriter

    context = dprd_packet_context(agreement_id)
    attached, skipped = _packet_attachments(context["agreement"])
    context.update(attachments=attached, skipped=skipped)
    own_pages = 0
    document = None
    for _ in range(4):  # the contents' page numbers depend on our own page count
        start = own_pages + 1
        for item in attached:
            item.start = start
            start += item.pages
        html = render_to_string(TEMPLATES[ReportType.DPRD_PACKET], context)
        document = html_to_document(html)
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


def report_pdf(job: ReportJob, progress=lambda value: None) -> bytes:
    """The PDF of `job` as bytes. Reads the database, writes nothing: safe outside a transaction."""
    if job.report_type == ReportType.DPRD_PACKET:
        return _render_packet(job.params["agreement"], progress)
    if job.report_type == ReportType.MONEV_ANNUAL:
        context = monev_context(job.params["year"])
    elif job.report_type == ReportType.SUPERVISOR_ANNUAL:
        from arsip.supervisor import supervisor_pdf_context  # HOOK: arsip

        context = {
            **_base_context(),
            **supervisor_pdf_context(year=job.params["year"], kinds=job.params.get("kinds")),
        }
    else:
        context = agreement_sheet_context(job.params["agreement"])
    html = render_to_string(TEMPLATES[job.report_type], context)
    progress(50)
    return html_to_document(html).write_pdf()


def report_store(job: ReportJob, pdf: bytes) -> tuple[str, int, str]:
    """Store the PDF at the job's fixed name (replacing a previous run's file)."""
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    name = job.file_name
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:  # another run stored the same name in between: keep one file
        default_storage.delete(saved)
        saved = name
    return saved, pages, hashlib.sha256(pdf).hexdigest()


def report_job_progress(job_id: int, value: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=value)


def report_job_claim(job_id: int) -> bool:
    """Mark the job running unless it is done (or gone); False = nothing to do."""
    from django.db.models import F

    return bool(
        ReportJob.objects.filter(
            pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).update(
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
            progress=10,
            error="",
        )
    )


def report_job_finish(job_id: int, *, name: str, pages: int, sha256: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        file=name,
        pages=pages,
        sha256=sha256,
        progress=100,
        error="",
        finished_at=timezone.now(),
    )


def report_job_fail(job_id: int, message: str, *, retrying: bool = False) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.QUEUED if retrying else JobStatus.FAILED,
        error=message,
        finished_at=None if retrying else timezone.now(),
    )
