"""Re-queue report jobs whose broker message was lost (Redis restarted without persistence).

The job row is the truth: a job still `queued` or `running` long after it was queued or last
started has no message left in the broker. Run from cron (e.g. every 15 minutes):

    python manage.py requeue_reports --older-than 15

The age must exceed the task's hard time limit (6 minutes) so that a job really rendering now is
left alone. Each job re-queued is stamped (started_at = now) in the same conditional update, so
a second run within the age limit does not queue it twice; the task itself never renders a done
job again (report_job_claim).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone


class Command(BaseCommand):
    help = "Antrekan ulang laporan yang tertahan (queued/running) lebih lama dari N menit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=15,
            help="Umur minimum (menit) sejak diantrekan atau terakhir dimulai. Bawaan: 15.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya tampilkan, tidak mengantrekan."
        )

    def handle(self, *args, older_than: float, dry_run: bool, **options):
        from reports.models import JobStatus, ReportJob
        from reports.services import report_jobs_requeue_stale

        if older_than < 0:
            raise CommandError("--older-than tidak boleh negatif.")
        age = dt.timedelta(minutes=older_than)
        if dry_run:
            cutoff = timezone.now() - age
            quiet = Q(started_at__lte=cutoff) | Q(started_at__isnull=True, created_at__lte=cutoff)
            requeued = list(
                ReportJob.objects.filter(quiet, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            # The same function the daily job calls (kerjasama.recovery.recover_stuck_work).
            requeued = report_jobs_requeue_stale(older_than=age)
        verb = "akan diantrekan ulang" if dry_run else "diantrekan ulang"
        ids = ", ".join(f"#{pk}" for pk in requeued) or "-"
        self.stdout.write(f"{len(requeued)} laporan {verb}: {ids}")
