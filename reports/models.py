"""Report jobs: the job row is the truth about a PDF being rendered by the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportType(models.TextChoices):
    MONEV_ANNUAL = "monev_annual", "Laporan monitoring dan evaluasi tahunan"
    AGREEMENT_SHEET = "agreement_sheet", "Lembar kerja sama"
    DPRD_PACKET = "dprd_packet", "Berkas persetujuan DPRD"
    SUPERVISOR_ANNUAL = (
        "supervisor_annual",
        "Laporan Pelaksanaan Kerja Sama Daerah (PP 28/2018 Ps. 43; UU 23/2014 Ps. 368)",
    )


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
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        help_text="Kerja sama yang dilaporkan (lembar kerja sama dan berkas DPRD).",
    )
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
        indexes = [models.Index(fields=["report_type", "agreement"], name="report_type_agreement")]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def progress_step(self) -> int:
        """Progress as a Bootstrap width class step (w-25 .. w-100): no inline styles (CSP)."""
        return min(100, max(25, int(self.progress + 12.5) // 25 * 25))

    @property
    def file_name(self) -> str:
        """The fixed storage name of this job's PDF: a re-run overwrites, never adds a file."""
        return f"laporan/{self.pk}.pdf"
