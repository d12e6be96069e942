"""Project-level Celery tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="kerjasama.recover_stuck_work", ignore_result=True)
def recover_stuck_work() -> dict:
    """Every 15 minutes under beat (CELERY_BEAT_SCHEDULE); the daily job calls it too."""
    from .recovery import recover_stuck_work as run

    return run()
