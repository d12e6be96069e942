"""`manage.py load_demo`: demo data built from the seeds (idempotent).

Demo users per role, partners from the seeds (Kabupaten Malang's neighbours, Gemeente Arnhem, a
Braunschweig partner, a BUMD). Other apps extend the demo through `demo_extensions`.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from agreements.demo import DEMO_PASSWORD, DEMO_USERS, load_agreements_demo


class Command(BaseCommand):
    help = "Memuat data demo dari dokumen sumber (aman dijalankan berulang)."

    @transaction.atomic
    def handle(self, *args, **options):
        for username, role, full_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": full_name,
                    "email": f"{username}@example.go.id",
                    "is_staff": role == "superuser",
                    "is_superuser": role == "superuser",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if role != "superuser":
                user.groups.add(Group.objects.get(name=role))
        summary = load_agreements_demo()
        for module in ("monitoring.demo", "reports.demo"):
            try:
                loader = __import__(module, fromlist=["load_demo"]).load_demo
            except (ImportError, AttributeError):
                continue
            summary.update(loader() or {})
        self.stdout.write(self.style.SUCCESS("Data demo siap."))
        for key, value in summary.items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
        for username, role, _ in DEMO_USERS:
            self.stdout.write(f"  {role:<16} {username}")
