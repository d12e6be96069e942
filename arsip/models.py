"""Archive data derived from uploaded documents: electronic signatures and extracted text.

Everything here is computed by the worker (tasks.document_analyse) from the stored file; nothing
is typed by users. Rows are replaced as a whole on every analysis, so a re-run is harmless.
"""

from __future__ import annotations

from django.db import models

from agreements.models import Document


class SignatureStatus(models.TextChoices):
    TIDAK_DITANDATANGANI = "tidak_ditandatangani", "Tidak ditandatangani"
    UTUH = "utuh", "Ditandatangani, utuh"
    DIUBAH = "diubah_setelah_ditandatangani", "Diubah setelah ditandatangani"
    GAGAL = "gagal_diperiksa", "Tidak dapat diperiksa"


class TrustStatus(models.TextChoices):
    TEPERCAYA = "tepercaya", "Tepercaya"
    TIDAK_DIVERIFIKASI = "tidak_diverifikasi", "Tidak diverifikasi terhadap akar tepercaya"
    TIDAK_TEPERCAYA = "tidak_tepercaya", "Tidak tepercaya"


class DocumentAnalysis(models.Model):
    """The outcome of the last analysis of one document (one row per document)."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="arsip_analysis"
    )
    signature_status = models.CharField(
        "status tanda tangan elektronik", max_length=32, choices=SignatureStatus.choices
    )
    text_chars = models.PositiveIntegerField("jumlah karakter teks", default=0)
    error = models.TextField("catatan pemeriksaan", blank=True)
    analysed_at = models.DateTimeField("diperiksa")

    class Meta:
        verbose_name = "hasil pemeriksaan dokumen"
        verbose_name_plural = "hasil pemeriksaan dokumen"

    def __str__(self) -> str:
        return f"{self.document_id}: {self.get_signature_status_display()}"


class DocumentSignature(models.Model):
    """One embedded PDF signature (TTE) and what its validation found."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="arsip_signatures"
    )
    field_name = models.CharField("nama kolom tanda tangan", max_length=255, blank=True)
    signer_name = models.CharField("penanda tangan", max_length=255, blank=True)
    signing_time = models.DateTimeField("waktu penandatanganan", null=True, blank=True)
    intact = models.BooleanField("utuh sejak ditandatangani", default=False)
    coverage = models.CharField("cakupan tanda tangan", max_length=32, blank=True)
    trust_status = models.CharField(
        "status kepercayaan sertifikat", max_length=24, choices=TrustStatus.choices
    )
    summary = models.TextField("ringkasan", blank=True)
    checked_at = models.DateTimeField("diperiksa")

    class Meta:
        ordering = ["document_id", "id"]
        verbose_name = "tanda tangan elektronik"
        verbose_name_plural = "tanda tangan elektronik"

    def __str__(self) -> str:
        return f"{self.signer_name or self.field_name} ({self.get_trust_status_display()})"


class DocumentText(models.Model):
    """Text extracted from a PDF or DOCX for full-text search.

    On PostgreSQL migration 0002 adds a generated `search_vector` tsvector column ('simple'
    configuration) with a GIN index; it is not a model field so that SQLite works unchanged.
    """

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="arsip_text"
    )
    text = models.TextField("teks", blank=True)
    extracted_at = models.DateTimeField("diekstrak")

    class Meta:
        verbose_name = "teks dokumen"
        verbose_name_plural = "teks dokumen"

    def __str__(self) -> str:
        return f"Teks dokumen {self.document_id}"
