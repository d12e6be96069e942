"""Report jobs: who may ask for which PDF, the idempotency key, and the job's state.

`report_request` validates, checks permission and queues one job per (report, parameters, state of
the data): asking twice on unchanged data returns the same job. The Celery task (tasks.py) builds
the PDF with rendering.py outside any transaction and stores it here under a fixed name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from agreements.models import Agreement, Document, DprdDecision, Naskah, StageHistory
from agreements.selectors import agreement_visible_to, dprd_may_receive_packet
from kerjasama import roles
from kerjasama.errors import NotAllowed

from .models import JobStatus, ReportJob, ReportType
from .supervisor import kinds_clean
from .tasks import report_render

logger = logging.getLogger(__name__)

#: Bump when the templates change in a way that must invalidate existing PDFs.
REPORT_VERSION = "2"
YEAR_MIN, YEAR_MAX = 2000, 2100

# --------------------------------------------------------------------------- permission


def _check_may_request(user, report_type: str, agreement: Agreement | None) -> None:
    if roles.is_reader(user):
        if report_type == ReportType.DPRD_PACKET and not dprd_may_receive_packet(agreement):
            raise ValidationError(
                {"agreement": ["Berkas persetujuan DPRD hanya dapat dibuat untuk kerja sama yang "
                               "menunggu atau telah memperoleh persetujuan DPRD."]}
            )  # fmt: skip
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
    from monitoring.models import Evaluation, MonevConclusion, Realisation, Target

    agreements = Agreement.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    naskah = Naskah.objects.aggregate(n=Count("id"), last=Max("id"))
    evaluations = Evaluation.objects.aggregate(n=Count("id"), last=Max("id"))
    targets = Target.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("updated_at"))
    realisations = Realisation.objects.aggregate(n=Count("id"), last=Max("id"))
    conclusion = MonevConclusion.objects.filter(year=year).values_list("updated_at", flat=True)
    # A finished annual report of an earlier year is that year's laporan_monev (Tabel 2.1).
    reports_done = ReportJob.objects.filter(
        report_type=ReportType.MONEV_ANNUAL, status=JobStatus.DONE, params__year__lt=year
    ).aggregate(n=Count("id"))
    return {
        "conclusion": _stamp(conclusion.first()),
        "monev_reports_done": reports_done["n"],
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


def _queue(job_id: int) -> None:
    """Send the job to the worker after the commit; a broker failure never undoes the request.

    robust=True: the job row is committed and stays `queued`; asking again after
    REPORT_REQUEUE_AFTER_SECONDS, or kerjasama.recovery.recover_stuck_work(), sends it again.
    """
    transaction.on_commit(lambda: report_render.delay(job_id), robust=True)  # not partial


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


# --------------------------------------------------------------------------- job state


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
