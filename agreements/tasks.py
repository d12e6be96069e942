"""Celery tasks of the agreements app (side effects scheduled on commit by services)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="agreements.notify_stage_changed", ignore_result=True)
def notify_stage_changed(*, agreement_id: int, to: str) -> None:
    """Hook for notifications after a committed stage move (logged for now)."""
    logger.info("Kerja sama %s berpindah ke tahapan %s", agreement_id, to)
