"""Celery tasks of the notifications app (the daily job, run by beat)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """Daily at 06:00 (CELERY_BEAT_SCHEDULE): expiry and DPRD deadline reminders, idempotent."""
    from .reminders import send_reminders as run

    result = run()
    logger.info("Pengingat harian: %s", result)
    return result
