"""Celery task rendering a report job. Safe to run twice: the job row is the truth.

acks_late + reject_on_worker_lost: a worker killed mid-render leaves the message unacknowledged,
the broker redelivers it and the next run re-claims the job (status queued/running), renders
again and overwrites the same file name (laporan/<id>.pdf). A done job is never rendered again.
"""

from __future__ import annotations

import logging
import os
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def _test_delay() -> None:
    """Tests of the real worker slow the task down to kill it mid-run (never set in production)."""
    try:
        seconds = float(os.environ.get("REPORTS_TEST_DELAY_SECONDS") or 0)
    except ValueError:
        seconds = 0
    if seconds > 0:
        time.sleep(seconds)


@shared_task(
    name="reports.render",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    max_retries=MAX_RETRIES,
    default_retry_delay=5,
    soft_time_limit=300,
    time_limit=360,
)
def report_render(self, job_id: int) -> str:
    # Imported here: services queues this task, so the task must not import it at load time.
    from . import rendering, services

    if not services.report_job_claim(job_id):
        return "sudah selesai"
    _test_delay()
    try:
        job = services.ReportJob.objects.get(pk=job_id)
        pdf = rendering.report_pdf(job, progress=lambda v: services.report_job_progress(job_id, v))
        services.report_job_progress(job_id, 90)
        name, pages, sha256 = services.report_store(job, pdf)
    except SoftTimeLimitExceeded:
        services.report_job_fail(job_id, "Pembuatan laporan melebihi batas waktu 5 menit.")
        raise
    except OSError as exc:
        retrying = self.request.retries < MAX_RETRIES
        message = "Berkas laporan tidak dapat ditulis atau dibaca"
        message += " (dicoba lagi)." if retrying else "."
        logger.warning("Laporan %s: %s", job_id, exc)
        services.report_job_fail(job_id, message, retrying=retrying)
        raise
    except Exception as exc:
        logger.exception("Laporan %s gagal dibuat", job_id)
        services.report_job_fail(
            job_id, f"Laporan gagal dibuat: {type(exc).__name__}. Coba minta ulang laporan ini."
        )
        raise
    services.report_job_finish(job_id, name=name, pages=pages, sha256=sha256)
    return "selesai"
