"""Helpers of the report tests: PDFs made on the spot, text of a stored PDF, agreements."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_with_pages(label: str, pages: int) -> bytes:
    """A small real PDF whose page i says '<label> halaman i'."""
    from weasyprint import HTML

    body = "".join(
        f'<p style="break-after: page">{label} halaman {i}</p>' for i in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def upload_pdf():
    """upload_pdf(agreement, doc_type, label, pages, user) -> Document (through the service)."""
    from agreements.services import document_upload

    def make(agreement, doc_type: str, label: str, pages: int, user):
        upload = SimpleUploadedFile(f"{label}.pdf", pdf_with_pages(label, pages), "application/pdf")
        return document_upload(
            agreement_id=agreement.pk, uploaded_file=upload, doc_type=doc_type, title=label,
            user=user,
        )  # fmt: skip

    return make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the queued task (eager) as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test stores its PDFs in its own folder (job ids repeat across tests on SQLite)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
