"""Backup and restore into an empty database: identical row counts and file hashes."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from agreements import services
from tests.factories import make_agreement

ROOT = Path(__file__).resolve().parents[2]


def _pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_empty_database(tmp_path, staf, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    agreement = make_agreement(user=staf, title="Pengelolaan TPA bersama")
    services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("kb.pdf", _pdf_bytes()),
        doc_type="kb",
        title="KB",
        user=staf,
    )
    call_command("backup", str(tmp_path / "cadangan"), verbosity=0)
    (backup_dir,) = (tmp_path / "cadangan").iterdir()
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["counts"]["agreements.Agreement"] == 1
    assert len(manifest["media"]) == 1

    settings_dict = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kerjasama.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    restored_media = tmp_path / "media-pulih"
    env["MEDIA_ROOT"] = str(restored_media)
    if settings_dict["ENGINE"].endswith("postgresql"):
        name = f"pulih_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict.get('USER') or 'postgres'}@{host}:{port}/{name}"
        )
    else:
        name = None
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'pulih.sqlite3'}"
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup_dir)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "cocok" in result.stdout
        restored = sorted(p.name for p in restored_media.rglob("*") if p.is_file())
        assert restored == [Path(n).name for n in manifest["media"]]
    finally:
        if name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_verify_reports_a_changed_file(tmp_path, settings):
    from kerjasama.backup import media_hashes, verify_manifest

    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 satu")
    manifest = {"counts": {}, "media": media_hashes(tmp_path)}
    assert verify_manifest(manifest, media_root=tmp_path) == []
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 dua")
    assert verify_manifest(manifest, media_root=tmp_path) == [
        "berkas a.pdf: hash berbeda atau hilang"
    ]
