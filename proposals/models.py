"""Proposals of cooperation sent from outside, their attachments and their history.

Models hold data and constraints only; every write and every rule is in services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from agreements.models import Agreement, Document, Partner, Region

from .choices import (
    EventType,
    ProposalKind,
    ProposalStatus,
    ProposerThirdPartyType,
    ProposerType,
)

#: Text limits of the proposal form and API (characters).
LIMITS = {
    "proposer_name": 255,
    "contact_name": 160,
    "contact_email": 254,
    "contact_phone": 32,
    "title": 300,
    "object": 4000,
    "scope": 4000,
    "benefits": 4000,
    "financing": 2000,
    "status_note": 2000,
}
#: At most this many files per submission or revision.
MAX_ATTACHMENTS = 5
#: At most this many files on one proposal over all its revisions.
MAX_ATTACHMENTS_TOTAL = 15


class Proposal(models.Model):
    tracking_code = models.CharField("kode pelacakan", max_length=24, unique=True)
    status = models.CharField(
        "status",
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DIAJUKAN,
        db_index=True,
    )
    status_note = models.TextField("catatan untuk pengusul", blank=True)
    proposer_name = models.CharField("nama pengusul", max_length=LIMITS["proposer_name"])
    proposer_type = models.CharField("jenis pengusul", max_length=24, choices=ProposerType.choices)
    third_party_type = models.CharField(
        "jenis pihak ketiga", max_length=32, choices=ProposerThirdPartyType.choices, blank=True
    )
    region = models.ForeignKey(
        Region, verbose_name="daerah", null=True, blank=True, on_delete=models.PROTECT
    )
    country_code = models.CharField("kode negara", max_length=2, blank=True)
    contact_name = models.CharField("narahubung (penghubung)", max_length=LIMITS["contact_name"])
    contact_email = models.EmailField("surel narahubung", max_length=LIMITS["contact_email"])
    contact_phone = models.CharField(
        "telepon narahubung", max_length=LIMITS["contact_phone"], blank=True
    )
    kind = models.CharField(
        "jenis kerja sama yang diusulkan", max_length=8, choices=ProposalKind.choices
    )
    title = models.CharField("judul usulan", max_length=LIMITS["title"])
    object = models.TextField("objek kerja sama")
    scope = models.TextField("ruang lingkup")
    benefits = models.TextField("manfaat")
    financing = models.TextField("pembiayaan")
    checklist = models.JSONField("hasil kajian", default=dict, blank=True)
    revision_count = models.PositiveIntegerField("jumlah perbaikan", default=0)
    submitted_at = models.DateTimeField("diajukan", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreement = models.OneToOneField(
        Agreement,
        verbose_name="kerja sama",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name="mitra",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "usulan kerja sama"
        verbose_name_plural = "usulan kerja sama"
        indexes = [models.Index(fields=["status", "submitted_at"], name="proposal_status_sub")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"


def attachment_upload_to(instance: ProposalAttachment, filename: str) -> str:
    # Never the uploaded name; outside any public URL (downloads go through a staff-only view).
    return f"usulan/{instance.proposal_id}/{instance.sha256[:2]}/{instance.sha256}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=255)
    filename = models.CharField("nama berkas", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField(max_length=64)
    revision = models.PositiveIntegerField("perbaikan ke", default=0)
    document = models.ForeignKey(
        Document,
        verbose_name="dokumen kerja sama",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "lampiran usulan"
        verbose_name_plural = "lampiran usulan"

    def __str__(self) -> str:
        return self.filename


class ProposalEvent(models.Model):
    """One row per submission, revision and decision (the proposal's history)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    event = models.CharField("peristiwa", max_length=16, choices=EventType.choices)
    from_status = models.CharField(max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ProposalStatus.choices)
    note = models.TextField("catatan", blank=True)
    checklist = models.JSONField("hasil kajian", default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "riwayat usulan"
        verbose_name_plural = "riwayat usulan"
