"""Analyse documents uploaded before arsip existed, or all again (e.g. after adding a root).

Without options it queues every document that has no analysis yet: the same recovery the daily
job runs (kerjasama.recovery.recover_stuck_work), without the age limit.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from agreements.models import Document
from arsip.services import document_analyse, documents_requeue_unanalysed
from arsip.tasks import document_analyse as document_analyse_task


class Command(BaseCommand):
    help = "Periksa TTE dan ekstrak teks dokumen yang belum diperiksa (atau semua dengan --semua)."

    def add_arguments(self, parser):
        parser.add_argument("--semua", action="store_true", help="Periksa ulang semua dokumen.")
        parser.add_argument(
            "--langsung", action="store_true", help="Jalankan di proses ini, bukan di worker."
        )

    def handle(self, *args, semua: bool = False, langsung: bool = False, **options):
        if not semua and not langsung:
            count = len(documents_requeue_unanalysed(older_than=dt.timedelta(0)))
            self.stdout.write(self.style.SUCCESS(f"{count} dokumen dijadwalkan untuk diperiksa."))
            return
        documents = Document.objects.order_by("id")
        if not semua:
            documents = documents.filter(arsip_analysis__isnull=True)
        count = 0
        for document_id in documents.values_list("id", flat=True).iterator():
            if langsung:
                document_analyse(document_id=document_id)
            else:
                document_analyse_task.delay(document_id)
            count += 1
        verb = "diperiksa" if langsung else "dijadwalkan untuk diperiksa"
        self.stdout.write(self.style.SUCCESS(f"{count} dokumen {verb}."))
