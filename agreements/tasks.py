"""Celery tasks of the agreements app (side effects scheduled on commit by services)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="agreements.notify_stage_changed", ignore_result=True)
def notify_stage_changed(*, agreement_id: int, to: str) -> None:
    """Hook for notifications after a committed stage move (logged for now)."""
    logger.info("Kerja sama %s berpindah ke tahapan %s", agreement_id, to)


@shared_task(name="agreements.daily_tasks", ignore_result=True)
def daily_tasks(day: str | None = None) -> dict:
    """Daily at 06:00 (CELERY_BEAT_SCHEDULE): automatic expiry, then reminders; idempotent.

    The same function as `manage.py daily_tasks`; `day` is an ISO date (default: today).
    """
    import datetime as dt

    from .reminders import run_daily

    result = run_daily(dt.date.fromisoformat(day) if day else None)
    logger.info("Tugas harian: %s", result)
    return result


@shared_task(name="agreements.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """Former name of the daily task (messages queued before an upgrade): the whole job."""
    return daily_tasks()
