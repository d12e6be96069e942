"""Report jobs: the job row is the truth about a PDF being rendered by the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportType(models.TextChoices):
    MONEV_ANNUAL = "monev_annual", "Laporan monitoring dan evaluasi tahunan"
    AGREEMENT_SHEET = "agreement_sheet", "Lembar kerja sama"
    DPRD_PACKET = "dprd_packet", "Berkas persetujuan DPRD"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Dalam antrean"
    RUNNING = "running", "Sedang diproses"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class ReportJob(models.Model):
    key = models.CharField(max_length=64, unique=True)
    report_type = models.CharField("jenis laporan", max_length=24, choices=ReportType.choices)
    params = models.JSONField(default=dict)
    status = models.CharField(
        "status", max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    error = models.TextField("galat", blank=True)
    file = models.FileField(upload_to="laporan/", max_length=255, blank=True)
    pages = models.PositiveIntegerField("jumlah halaman", null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="report_jobs"
    )
    created_at = models.DateTimeField("diminta", auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "laporan"
        verbose_name_plural = "laporan"

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} #{self.pk}"
