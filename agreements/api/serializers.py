from __future__ import annotations

from django_countries import countries
from rest_framework import serializers

from ..choices import PartnerType, ThirdPartyType
from ..models import Partner, Region, Urusan


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "province_code"]


class UrusanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urusan
        fields = ["code", "name", "category"]


class PartnerSerializer(serializers.ModelSerializer):
    """Output and input of partners; the service decides what is valid."""

    region_code = serializers.CharField(
        source="region_id", required=False, allow_null=True, allow_blank=True, max_length=8
    )
    partner_type = serializers.ChoiceField(
        choices=PartnerType.choices,
        error_messages={"invalid_choice": "“{input}” bukan jenis mitra yang dikenal."},
    )
    third_party_type = serializers.ChoiceField(
        choices=ThirdPartyType.choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": "“{input}” bukan jenis pihak ketiga yang dikenal."},
    )
    country_code = serializers.CharField(required=False, allow_blank=True, max_length=2)

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "partner_type",
            "region_code",
            "country_code",
            "third_party_type",
            "address",
            "contact_name",
            "contact_email",
        ]
        extra_kwargs = {
            "name": {
                "error_messages": {
                    "blank": "Nama mitra wajib diisi.",
                    "required": "Nama mitra wajib diisi.",
                }
            },
            "contact_email": {"error_messages": {"invalid": "Alamat surel tidak valid."}},
        }

    def validate_country_code(self, value: str) -> str:
        value = (value or "").upper()
        if value and value not in dict(countries):
            raise serializers.ValidationError(
                f"Kode negara “{value}” tidak dikenal (gunakan ISO 3166-1 alpha-2, mis. NL)."
            )
        return value

    def to_service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if "region_id" in data:
            data["region_code"] = data.pop("region_id") or None
        return data
