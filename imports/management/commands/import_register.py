"""`manage.py import_register <file> [--dry-run] [--user USERNAME]`: import an old register."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports import importer


class Command(BaseCommand):
    help = (
        "Mengimpor register kerja sama lama (XLSX atau CSV). Semua baris disimpan atau tidak "
        "satu pun; baris yang sudah pernah diimpor dilewati."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas XLSX atau CSV sesuai templat impor.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya uji coba: tidak menyimpan apa pun."
        )
        parser.add_argument(
            "--user", default="", help="Nama pengguna yang dicatat sebagai pembuat (opsional)."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Pengguna “{options['user']}” tidak ditemukan.")
        try:
            report = importer.register_import(
                content=path.read_bytes(), user=user, dry_run=options["dry_run"]
            )
        except importer.ImportFileError as exc:
            raise CommandError(exc.message) from exc
        for line, column, message in report.errors:
            self.stderr.write(f"Baris {line}, kolom {column}: {message}")
        self.stdout.write(
            f"Baris data: {len(report.rows)}; baru: {report.new_count}; "
            f"sudah ada: {report.existing_count}; mitra baru: {report.new_partner_count}; "
            f"naskah: {report.naskah_count}; bermasalah: {report.error_rows}."
        )
        if not report.ok:
            raise CommandError("Impor dibatalkan: perbaiki baris di atas. Tidak ada data disimpan.")
        if options["dry_run"]:
            self.stdout.write("Uji coba selesai; tidak ada data disimpan.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{report.created} kerja sama diimpor."))
