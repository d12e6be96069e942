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
)
def document_analyse(document_id: int) -> None:
    """Signature check and text extraction of one uploaded document (idempotent)."""
    from .services import document_analyse as run

    run(document_id=document_id)
