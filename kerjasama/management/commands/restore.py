from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kerjasama.backup import restore, verify_manifest


class Command(BaseCommand):
    help = "Memulihkan cadangan ke basis data kosong dan MEDIA_ROOT, lalu memeriksa manifest."

    def add_arguments(self, parser):
        parser.add_argument("source", help="folder cadangan (berisi manifest.json)")

    def handle(self, *args, source, **options):
        manifest = restore(Path(source))
        problems = verify_manifest(manifest)
        if problems:
            raise CommandError("Pemulihan tidak cocok dengan manifest:\n" + "\n".join(problems))
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Pemulihan selesai: {total} baris, {len(manifest['media'])} berkas cocok."
            )
        )
