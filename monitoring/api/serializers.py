"""Input and output shapes of the monitoring API; rules live in monitoring.services."""

from __future__ import annotations

from rest_framework import serializers

from ..models import CRITERIA, Evaluation, Indicator, Realisation, Target, TargetPeriod

MAX_ID = 2**63 - 1  # bigint primary keys
MAX_RUPIAH = 10**15
INDICATOR_ERRORS = {"invalid_choice": "“{input}” bukan kode indikator yang dikenal."}
YEAR_ERRORS = {
    "invalid": "Tahun harus berupa bilangan bulat.",
    "min_value": "Tahun paling awal {min_value}.",
    "max_value": "Tahun paling akhir {max_value}.",
    "required": "Tahun wajib diisi.",
}
SCORE_ERRORS = {
    "invalid": "Nilai harus bilangan bulat 1 sampai 5.",
    "min_value": "Nilai harus bilangan bulat 1 sampai 5.",
    "max_value": "Nilai harus bilangan bulat 1 sampai 5.",
    "required": "Nilai wajib diisi (1 sampai 5).",
    "null": "Nilai wajib diisi (1 sampai 5).",
}


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices, error_messages=INDICATOR_ERRORS)
    year = serializers.IntegerField(min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)
    period = serializers.ChoiceField(
        choices=TargetPeriod.choices,
        default=TargetPeriod.TAHUNAN,
        error_messages={"invalid_choice": "Jenis target harus “tahunan” atau “renstra”."},
    )
    target = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        coerce_to_string=False,
        error_messages={
            "invalid": "Target harus berupa angka.",
            "min_value": "Target tidak boleh negatif.",
            "required": "Target wajib diisi.",
            "max_digits": "Target terlalu besar.",
            "max_decimal_places": "Target paling banyak dua angka di belakang koma.",
        },
    )
    budget_idr = serializers.IntegerField(
        min_value=0,
        max_value=MAX_RUPIAH,
        required=False,
        allow_null=True,
        error_messages={
            "invalid": "Pagu anggaran harus bilangan bulat Rupiah.",
            "min_value": "Pagu anggaran tidak boleh negatif.",
            "max_value": "Pagu anggaran terlalu besar.",
        },
    )
    realisation_idr = serializers.IntegerField(
        min_value=0,
        max_value=MAX_RUPIAH,
        required=False,
        allow_null=True,
        error_messages={
            "invalid": "Realisasi anggaran harus bilangan bulat Rupiah.",
            "min_value": "Realisasi anggaran tidak boleh negatif.",
            "max_value": "Realisasi anggaran terlalu besar.",
        },
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Target
        fields = [
            "id", "indicator", "year", "period", "target", "budget_idr", "realisation_idr",
            "note", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "updated_at"]
        validators: list = []  # duplicates are the service's rule (Indonesian message)


class RealisationSerializer(serializers.ModelSerializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices, error_messages=INDICATOR_ERRORS)
    year = serializers.IntegerField(min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)
    value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        coerce_to_string=False,
        error_messages={
            "invalid": "Realisasi harus berupa angka.",
            "min_value": "Realisasi tidak boleh negatif.",
            "required": "Realisasi wajib diisi.",
            "max_digits": "Realisasi terlalu besar.",
            "max_decimal_places": "Realisasi paling banyak dua angka di belakang koma.",
        },
    )
    source = serializers.CharField(
        max_length=255,
        error_messages={
            "required": "Sumber data wajib diisi.",
            "blank": "Sumber data wajib diisi.",
            "max_length": "Sumber paling panjang {max_length} karakter.",
        },
    )
    cumulative = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = Realisation
        fields = ["id", "indicator", "year", "value", "source", "cumulative", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list = []


class EvaluationInputSerializer(serializers.Serializer):
    agreement = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "Kerja sama harus berupa id.",
            "required": "Kerja sama wajib diisi.",
            "min_value": "Kerja sama tidak ditemukan.",
            "max_value": "Kerja sama tidak ditemukan.",
        },
    )
    evaluated_on = serializers.DateField(
        error_messages={
            "invalid": "Tanggal evaluasi harus berformat YYYY-MM-DD.",
            "required": "Tanggal evaluasi wajib diisi.",
        }
    )
    period_year = serializers.IntegerField(
        min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    aspects = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        required=False,
        default=dict,
        error_messages={
            "not_a_dict": "Aspek monev harus berupa objek berisi kode aspek dan catatannya."
        },
    )
    obstacles = serializers.CharField(required=False, allow_blank=True, default="")
    follow_ups = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=100,
    )


for _criterion in CRITERIA:
    EvaluationInputSerializer._declared_fields[_criterion] = serializers.IntegerField(
        min_value=1, max_value=5, error_messages=SCORE_ERRORS
    )
    EvaluationInputSerializer._declared_fields[f"{_criterion}_note"] = serializers.CharField(
        required=False, allow_blank=True, default=""
    )


class EvaluationSerializer(serializers.ModelSerializer):
    agreement_number = serializers.CharField(source="agreement.number", read_only=True)
    evaluator = serializers.CharField(source="evaluator.username", read_only=True, default=None)
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "agreement",
            "agreement_number",
            "evaluated_on",
            "period_year",
            *[name for c in CRITERIA for name in (c, f"{c}_note")],
            "aspects",
            "obstacles",
            "follow_ups",
            "evidence",
            "evaluator",
            "created_at",
        ]
        read_only_fields = fields
