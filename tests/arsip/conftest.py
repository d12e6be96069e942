from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from agreements import services
from tests.arsip.pki import make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"), signer="Drs. Budi Santoso, M.Si.")


@pytest.fixture(scope="session")
def other_pki(tmp_path_factory):
    return make_pki(
        tmp_path_factory.mktemp("pki-lain"), ca_name="CA Lain", signer="Penanda Tangan Lain"
    )


@pytest.fixture
def upload(django_capture_on_commit_callbacks, staf):
    """upload(agreement, data, name) -> Document, with the on-commit hook run (eager task)."""

    def do(agreement, data: bytes, name: str = "naskah.pdf", doc_type: str = "pks", **kw):
        content_type = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                agreement_id=agreement.pk,
                uploaded_file=SimpleUploadedFile(name, data, content_type=content_type),
                doc_type=doc_type,
                user=kw.get("user", staf),
                title=kw.get("title", ""),
            )

    return do


@pytest.fixture
def require_postgres(db):
    """Skip on SQLite, except in CI (env CI set), where a missing PostgreSQL run is a failure."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("Tes ini wajib dijalankan pada PostgreSQL di CI (DATABASE_URL).")
        pytest.skip("Butuh PostgreSQL (DATABASE_URL).")
