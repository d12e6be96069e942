"""`manage.py daily_tasks [--date YYYY-MM-DD]`: the daily job for one day (DOMAIN.md 11).

Automatic expiry first, then the expiry and DPRD reminders due up to that day. For cron on an
installation without Celery beat, and run at start-up of the embedded default (scripts/run).
Running it twice for one day changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kerjasama.recovery import recover_stuck_work
from notifications.reminders import run_daily


class Command(BaseCommand):
    help = (
        "Menjalankan tugas harian untuk satu tanggal: mengakhiri otomatis kerja sama yang "
        "jangka waktunya habis, lalu mengirim pengingat. Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            default="",
            help="Tanggal yang diproses (YYYY-MM-DD); bawaan: hari ini.",
        )

    def handle(self, *args, **options):
        raw = options["date"].strip()
        try:
            day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Tanggal “{raw}” tidak valid; gunakan format YYYY-MM-DD.") from exc
        result = run_daily(day)
        self.stdout.write(self.style.SUCCESS(f"Tugas harian {day.isoformat()} selesai."))
        self.stdout.write(f"  kerja sama berakhir otomatis: {result['ended']}")
        self.stdout.write(f"  pengingat jatuh tempo: {result['reminders']}")
        self.stdout.write(f"  notifikasi baru: {result['notifications']}")
        self.stdout.write(f"  surel terkirim: {result['emails'] + result['ended_emails']}")
        # Work whose message or process was lost (beat also runs this every 15 minutes).
        recovered = recover_stuck_work()
        self.stdout.write(
            f"  pekerjaan dipulihkan: {len(recovered['reports'])} laporan, "
            f"{len(recovered['documents'])} dokumen"
        )
