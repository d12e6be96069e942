from pathlib import Path

from django.core.management.base import BaseCommand

from kerjasama.backup import backup


class Command(BaseCommand):
    help = "Mencadangkan basis data dan berkas unggahan ke sebuah folder (dengan manifest)."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", default="backups", help="folder tujuan")

    def handle(self, *args, target, **options):
        out = backup(Path(target))
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan di {out}"))
