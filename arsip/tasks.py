"""Celery tasks of the arsip app."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError


@shared_task(
    name="arsip.document_analyse",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # A database or file hiccup is retried; whatever still fails leaves the document without an
    # analysis row and recover_stuck_work() queues it again.
    autoretry_for=(OSError, DatabaseError),
    max_retries=3,
    retry_backoff=True,
    # A crafted PDF must not keep a worker busy for long: stop the analysis after 2 minutes.
    soft_time_limit=120,
    time_limit=180,
)
def document_analyse(document_id: int) -> None:
    """Signature check and text extraction of one uploaded document (idempotent)."""
    from .services import document_analyse as run
    from .services import document_analysis_failed

    try:
        run(document_id=document_id)
    except SoftTimeLimitExceeded:
        # Recorded, so that the recovery does not queue the same crafted file every day.
        document_analysis_failed(
            document_id=document_id, note="Pemeriksaan dihentikan: melebihi batas waktu 2 menit."
        )
