"""The analysis runs in a real Celery worker after the upload commits; the upload never waits."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from arsip.models import DocumentAnalysis, DocumentSignature, DocumentText
from tests.arsip.pki import pdf_bytes
from tests.factories import make_agreement


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_analyses_an_uploaded_signed_pdf(celery_worker, staf, pki):
    agreement = make_agreement()
    signed = pki.sign(pdf_bytes("Naskah kerja sama pengelolaan air limbah domestik"))
    document = services.document_upload(
        agreement_id=agreement.pk,
        uploaded_file=SimpleUploadedFile("pks.pdf", signed, content_type="application/pdf"),
        doc_type="pks",
        user=staf,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if DocumentAnalysis.objects.filter(document=document).exists():
            break
        time.sleep(0.2)
    result = DocumentAnalysis.objects.get(document=document)
    assert result.signature_status == "utuh"
    assert DocumentSignature.objects.get(document=document).signer_name == pki.signer_name
    assert "air limbah domestik" in DocumentText.objects.get(document=document).text
