"""Renja/Renstra targets, historical realisations and evaluations of agreements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from agreements.models import Agreement, Document


class Indicator(models.TextChoices):
    IKU_2017 = (
        "iku_2017",
        "IKU s.d. 2017: persentase peningkatan kuantitas dan kualitas kerja sama",
    )
    IKU = "iku", "IKU sejak 2018: persentase kerja sama ditindaklanjuti menjadi naskah kerja sama"
    OUTPUT_ANTAR_DAERAH = "output_antar_daerah", "Fasilitasi dan koordinasi kerja sama antar daerah"
    OUTPUT_ANTAR_LEMBAGA_LUAR_NEGERI = (
        "output_antar_lembaga_luar_negeri",
        "Fasilitasi dan koordinasi kerja sama antar lembaga dan luar negeri",
    )
    LAPORAN_MONEV = "laporan_monev", "Monitoring, evaluasi dan pelaporan pelaksanaan kerja sama"


class TargetPeriod(models.TextChoices):
    TAHUNAN = "tahunan", "Renja (tahunan)"
    RENSTRA = "renstra", "Renstra (akhir periode)"


class Target(models.Model):
    indicator = models.CharField("indikator", max_length=40, choices=Indicator.choices)
    year = models.PositiveIntegerField("tahun")
    period = models.CharField(
        "jenis target", max_length=8, choices=TargetPeriod.choices, default=TargetPeriod.TAHUNAN
    )
    target = models.DecimalField("target", max_digits=12, decimal_places=2)
    budget_idr = models.BigIntegerField("pagu anggaran (Rp)", null=True, blank=True)
    realisation_idr = models.BigIntegerField(
        "realisasi anggaran (Rp)",
        null=True,
        blank=True,
        help_text="Anggaran yang terserap pada tahun ini (Rp); penyerapan = realisasi ÷ pagu.",
    )
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = "target"
        verbose_name_plural = "target"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="target_once_per_indicator_year"
            ),
            models.CheckConstraint(name="target_not_negative", condition=Q(target__gte=0)),
            models.CheckConstraint(
                name="target_realisation_idr_not_negative",
                condition=Q(realisation_idr__gte=0) | Q(realisation_idr=None),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.target}"

    @property
    def absorption_percent(self) -> float | None:
        """Penyerapan anggaran = realisation / pagu (exact), None when either is missing."""
        if self.realisation_idr is None or not self.budget_idr:
            return None
        return self.realisation_idr * 100 / self.budget_idr


class Realisation(models.Model):
    """A historical figure entered by hand (years before the registry; "up to YYYY" as YYYY)."""

    indicator = models.CharField("indikator", max_length=40, choices=Indicator.choices)
    year = models.PositiveIntegerField("tahun")
    value = models.DecimalField("realisasi", max_digits=12, decimal_places=2)
    source = models.CharField("sumber", max_length=255)
    cumulative = models.BooleanField(
        "kumulatif sampai tahun ini",
        default=False,
        help_text="Centang bila angka ini adalah realisasi sampai dengan tahun tersebut.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = "realisasi historis"
        verbose_name_plural = "realisasi historis"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="realisation_once_per_indicator_year"
            ),
        ]


CRITERIA = ("relevansi", "efektivitas", "efisiensi", "dampak", "keberlanjutan")
CRITERIA_LABELS = {
    "relevansi": "Relevansi",
    "efektivitas": "Efektivitas",
    "efisiensi": "Efisiensi",
    "dampak": "Dampak",
    "keberlanjutan": "Keberlanjutan",
}
ASPECTS = {
    "kemanfaatan_nasional": "Kemanfaatan bagi kepentingan nasional dan K/L pelaksana",
    "kemanfaatan_negara_berkembang": "Kemanfaatan bagi negara berkembang",
    "tindak_lanjut_hasil": "Tindak lanjut hasil",
    "keterkaitan_program_pembangunan": "Keterkaitan dengan program pembangunan",
    "keberlanjutan_program": "Keberlanjutan program",
    "daya_terima_peserta": "Daya terima dan adaptasi peserta",
    "evaluasi_teknis": "Evaluasi teknis pelaksanaan",
    "kesinambungan_kerja_sama": "Kesinambungan kerja sama",
    "pembelajaran": "Pembelajaran",
}

_score = {
    "validators": [MinValueValidator(1), MaxValueValidator(5)],
}


class Evaluation(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField("tanggal evaluasi")
    period_year = models.PositiveIntegerField("tahun yang dievaluasi")
    relevansi = models.PositiveSmallIntegerField("relevansi", **_score)
    relevansi_note = models.TextField("catatan relevansi", blank=True)
    efektivitas = models.PositiveSmallIntegerField("efektivitas", **_score)
    efektivitas_note = models.TextField("catatan efektivitas", blank=True)
    efisiensi = models.PositiveSmallIntegerField("efisiensi", **_score)
    efisiensi_note = models.TextField("catatan efisiensi", blank=True)
    dampak = models.PositiveSmallIntegerField("dampak", **_score)
    dampak_note = models.TextField("catatan dampak", blank=True)
    keberlanjutan = models.PositiveSmallIntegerField("keberlanjutan", **_score)
    keberlanjutan_note = models.TextField("catatan keberlanjutan", blank=True)
    aspects = models.JSONField("aspek monev", default=dict, blank=True)
    obstacles = models.TextField("hambatan", blank=True)
    follow_ups = models.TextField("tindak lanjut", blank=True)
    evidence = models.ManyToManyField(Document, verbose_name="bukti", blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = "evaluasi"
        verbose_name_plural = "evaluasi"
        constraints = [
            models.CheckConstraint(
                name=f"evaluation_{c}_1_to_5", condition=Q(**{f"{c}__gte": 1, f"{c}__lte": 5})
            )
            for c in CRITERIA
        ]


class MonevConclusion(models.Model):
    """The overall conclusion of one year's annual monev report, written by the staff."""

    year = models.PositiveIntegerField("tahun", unique=True)
    text = models.TextField("kesimpulan umum")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "kesimpulan monev tahunan"
        verbose_name_plural = "kesimpulan monev tahunan"

    def __str__(self) -> str:
        return f"Kesimpulan monev {self.year}"
