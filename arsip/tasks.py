"""Celery tasks of the arsip app."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="arsip.document_analyse",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
    # A crafted PDF must not keep a worker busy for long: stop the analysis after 2 minutes.
    soft_time_limit=120,
    time_limit=180,
)
def document_analyse(document_id: int) -> None:
    """Signature check and text extraction of one uploaded document (idempotent)."""
    from .services import document_analyse as run

    run(document_id=document_id)
