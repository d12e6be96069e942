"""Writes of the arsip app: the analysis of one uploaded document (run by the worker)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Document

from . import analysis
from .models import DocumentAnalysis, DocumentSignature, DocumentText, SignatureStatus

logger = logging.getLogger(__name__)

PDF = "application/pdf"


def _read(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def document_analyse(*, document_id: int) -> DocumentAnalysis | None:
    """Check the TTE signatures of a PDF and extract the text of a PDF/DOCX; idempotent.

    The heavy work happens outside any transaction; the results replace the previous ones in
    one short transaction. A document deleted meanwhile is skipped (None).
    """
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    notes: list[str] = []
    check = analysis.SignatureCheck(status=SignatureStatus.TIDAK_DITANDATANGANI)
    text: str | None = None
    try:
        data = _read(document)
    except OSError as exc:
        logger.warning("Berkas dokumen %s tidak dapat dibaca: %s", document_id, exc)
        check = analysis.SignatureCheck(status=SignatureStatus.GAGAL)
        notes.append("Berkas tidak ditemukan atau tidak dapat dibaca.")
        data = b""
    if data:
        if document.content_type == PDF:
            try:
                roots = analysis.trust_roots_load(list(settings.ARSIP_TRUST_ROOTS or []))
                check = analysis.signatures_check(data, trust_roots=roots)
            except analysis.AnalysisError as exc:
                check = analysis.SignatureCheck(status=SignatureStatus.GAGAL)
                notes.append(str(exc))
        try:
            text = analysis.text_extract(data, document.content_type)
        except analysis.AnalysisError as exc:
            notes.append(str(exc))

    now = timezone.now()
    with transaction.atomic():
        DocumentSignature.objects.filter(document_id=document.pk).delete()
        DocumentSignature.objects.bulk_create(
            DocumentSignature(
                document_id=document.pk,
                field_name=sig.field_name,
                signer_name=sig.signer_name,
                signing_time=sig.signing_time,
                intact=sig.intact,
                coverage=sig.coverage,
                trust_status=sig.trust_status,
                summary=sig.summary,
                checked_at=now,
            )
            for sig in check.signatures
        )
        if text is not None:
            DocumentText.objects.update_or_create(
                document_id=document.pk, defaults={"text": text, "extracted_at": now}
            )
        else:
            DocumentText.objects.filter(document_id=document.pk).delete()
        result, _ = DocumentAnalysis.objects.update_or_create(
            document_id=document.pk,
            defaults={
                "signature_status": check.status,
                "text_chars": len(text or ""),
                "error": "\n".join(notes)[:2000],
                "analysed_at": now,
            },
        )
    return result


def document_analysis_failed(*, document_id: int, note: str) -> None:
    """Record that the analysis of a document gave up (e.g. time limit): not queued again."""
    if not Document.objects.filter(pk=document_id).exists():
        return
    DocumentAnalysis.objects.update_or_create(
        document_id=document_id,
        defaults={
            "signature_status": SignatureStatus.GAGAL,
            "text_chars": 0,
            "error": note[:2000],
            "analysed_at": timezone.now(),
        },
    )


def documents_requeue_unanalysed(
    *, older_than: dt.timedelta = dt.timedelta(minutes=15), now: dt.datetime | None = None
) -> list[int]:
    """Queue the analysis of every document uploaded before `now - older_than` without a result.

    Such a document lost its message (broker down at upload time, worker killed) or its analysis
    failed with an error that escaped the task. Ids queued; run by the daily job.
    """
    from .tasks import document_analyse as task

    cutoff = (now or timezone.now()) - older_than
    ids = list(
        Document.objects.filter(arsip_analysis__isnull=True, uploaded_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = []
    for document_id in ids:
        try:
            task.delay(document_id)
        except Exception:  # broker down: the next run tries again
            logger.exception("Analisis dokumen %s tidak dapat diantrekan", document_id)
            break
        queued.append(document_id)
    return queued
