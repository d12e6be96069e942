"""Celery tasks of the notifications app (the daily job, run by beat)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="notifications.daily_tasks", ignore_result=True)
def daily_tasks(day: str | None = None) -> dict:
    """Daily at 06:00 (CELERY_BEAT_SCHEDULE): automatic expiry, then reminders; idempotent.

    The same function as `manage.py daily_tasks`; `day` is an ISO date (default: today).
    """
    import datetime as dt

    from .reminders import run_daily

    result = run_daily(dt.date.fromisoformat(day) if day else None)
    logger.info("Tugas harian: %s", result)
    return result


@shared_task(name="notifications.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """Former name of the daily task (messages queued before an upgrade): the whole job."""
    return daily_tasks()
