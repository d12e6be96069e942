from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import rules, services
from ..choices import (
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
    Stage,
    ThirdPartyType,
)
from ..models import (
    Agreement,
    Document,
    DprdDecision,
    FieldChange,
    Naskah,
    Partner,
    Region,
    StageHistory,
    Urusan,
)


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
        if message := rules.country_code_error(value, foreign=False):
            raise serializers.ValidationError(message)
        return value

    def to_service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if "region_id" in data:
            data["region_code"] = data.pop("region_id") or None
        return data


# --------------------------------------------------------------------------- agreements

#: Indonesian messages for every field type used below (DRF picks the keys it needs).
MESSAGES = {
    "required": "Wajib diisi.",
    "null": "Tidak boleh kosong.",
    "blank": "Tidak boleh kosong.",
    "invalid": "Nilai tidak valid.",
    "invalid_choice": "“{input}” bukan pilihan yang sah.",
    "max_length": "Paling banyak {max_length} karakter.",
    "min_value": "Tidak boleh kurang dari {min_value}.",
    "max_value": "Tidak boleh lebih dari {max_value}.",
    "max_string_length": "Angka terlalu panjang.",
    "not_a_list": "Harus berupa daftar, bukan “{input_type}”.",
    "empty": "Daftar tidak boleh kosong.",
    "datetime": "Harus berupa tanggal, bukan tanggal dan waktu.",
}
DATE_MESSAGES = {**MESSAGES, "invalid": "Format tanggal harus YYYY-MM-DD."}
INT_MESSAGES = {**MESSAGES, "invalid": "Harus berupa bilangan bulat."}
BOOL_MESSAGES = {**MESSAGES, "invalid": "Harus berupa nilai benar/salah (true/false)."}
MAX_ID = 2_147_483_647
MAX_IDR = 9_223_372_036_854_775_807


def _text(max_length: int | None = None, **kwargs) -> serializers.CharField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    return serializers.CharField(max_length=max_length, error_messages=MESSAGES, **kwargs)


def _date(**kwargs) -> serializers.DateField:
    kwargs.setdefault("required", False)
    return serializers.DateField(error_messages=DATE_MESSAGES, **kwargs)


def _bool(**kwargs) -> serializers.BooleanField:
    kwargs.setdefault("required", False)
    return serializers.BooleanField(error_messages=BOOL_MESSAGES, **kwargs)


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages=INT_MESSAGES, **kwargs
    )


class AgreementInputSerializer(serializers.Serializer):
    """What a client may write; the service decides what is valid together."""

    title = _text(300, required=True, allow_blank=False)
    kind = serializers.ChoiceField(
        choices=Kind.choices,
        error_messages={
            **MESSAGES,
            "invalid_choice": "“{input}” bukan jenis kerja sama (KSDD, KSDPK, KSDPL, KSDLL, "
            "SINERGI).",
        },
    )
    ksdd_form = serializers.ChoiceField(
        choices=KsddForm.choices,
        required=False,
        allow_blank=True,
        error_messages={**MESSAGES, "invalid_choice": "Bentuk KSDD harus “wajib” atau “sukarela”."},
    )
    partners = serializers.ListField(
        child=_id(), allow_empty=False, max_length=100, error_messages=MESSAGES
    )
    urusan = serializers.ListField(
        child=serializers.CharField(max_length=5, error_messages=MESSAGES),
        required=False,
        max_length=32,
        error_messages=MESSAGES,
    )
    bidang = serializers.ChoiceField(
        choices=Bidang.choices, required=False, allow_blank=True, error_messages=MESSAGES
    )
    summary = _text()
    background = _text()
    objective = _text()
    targets = _text()
    object = _text()
    scope = _text()
    financing_source = _text(255)
    value_idr = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_IDR, error_messages=INT_MESSAGES
    )
    burdens_public = _bool()
    budgeted_in_apbd = _bool()
    initiating_unit = _text(255)
    facilitated_on = _date()
    start_date = _date(allow_null=True)
    end_date = _date(allow_null=True)
    confidential = _bool()
    dprd_received_on = _date(allow_null=True)

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": ["Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."]}
            )
        return attrs


class AgreementUpdateSerializer(AgreementInputSerializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, error_messages=INT_MESSAGES
    )


class AgreementSerializer(serializers.ModelSerializer):
    """Output of an agreement (API.md "Agreements")."""

    # Filled by selectors.agreement_api_attach (plain id lists, no related managers).
    partners = serializers.ListField(
        child=serializers.IntegerField(), source="partner_ids", read_only=True
    )
    urusan = serializers.ListField(
        child=serializers.CharField(), source="urusan_codes", read_only=True
    )
    allowed_transitions = serializers.SerializerMethodField()
    # Optional codes are "" when unset: documented as enum-or-blank.
    bidang = serializers.ChoiceField(choices=Bidang.choices, allow_blank=True, read_only=True)
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices, allow_blank=True, read_only=True
    )
    ksdd_form = serializers.ChoiceField(choices=KsddForm.choices, allow_blank=True, read_only=True)
    dprd_status = serializers.ChoiceField(choices=DprdStatus.choices, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "number",
            "title",
            "kind",
            "ksdd_form",
            "partners",
            "urusan",
            "bidang",
            "summary",
            "background",
            "objective",
            "targets",
            "object",
            "scope",
            "financing_source",
            "value_idr",
            "burdens_public",
            "budgeted_in_apbd",
            "initiating_unit",
            "facilitated_on",
            "start_date",
            "end_date",
            "confidential",
            "stage",
            "status",
            "end_reason",
            "ended_on",
            "dprd_required",
            "dprd_status",
            "dprd_submitted_on",
            "dprd_received_on",
            "dprd_deadline",
            "allowed_transitions",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Stage.choices)))
    def get_allowed_transitions(self, agreement: Agreement) -> list[str]:
        return services.allowed_transitions(agreement)


def _iso_date(value) -> str | None:
    return None if value is None else value.isoformat()


def _iso_datetime(value, tz) -> str | None:
    """As DRF's DateTimeField renders it: in the current time zone, "Z" for UTC."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def agreement_row(
    agreement: Agreement,
    allowed: list[str],
    partner_ids: list[int],
    urusan_codes: list[str],
    *,
    tz=None,
) -> dict:
    """AgreementSerializer(agreement).data without DRF's field objects, for the list (F1b).

    Same keys in the same order and the same values (tests/agreements/test_agreement_row.py
    compares the two); about a third of the CPU per row. `tz`: the current time zone, looked
    up once per page by the caller (default: looked up here). The detail and write responses
    keep AgreementSerializer, which also documents the list in the OpenAPI schema.
    """
    a = agreement
    tz = tz or timezone.get_current_timezone()
    return {
        "id": a.pk,
        "number": a.number,
        "title": a.title,
        "kind": a.kind,
        "ksdd_form": a.ksdd_form,
        "partners": partner_ids,
        "urusan": urusan_codes,
        "bidang": a.bidang,
        "summary": a.summary,
        "background": a.background,
        "objective": a.objective,
        "targets": a.targets,
        "object": a.object,
        "scope": a.scope,
        "financing_source": a.financing_source,
        "value_idr": a.value_idr,
        "burdens_public": a.burdens_public,
        "budgeted_in_apbd": a.budgeted_in_apbd,
        "initiating_unit": a.initiating_unit,
        "facilitated_on": _iso_date(a.facilitated_on),
        "start_date": _iso_date(a.start_date),
        "end_date": _iso_date(a.end_date),
        "confidential": a.confidential,
        "stage": a.stage,
        "status": a.status,
        "end_reason": a.end_reason,
        "ended_on": _iso_date(a.ended_on),
        "dprd_required": a.dprd_required,
        "dprd_status": a.dprd_status,
        "dprd_submitted_on": _iso_date(a.dprd_submitted_on),
        "dprd_received_on": _iso_date(a.dprd_received_on),
        "dprd_deadline": _iso_date(a.dprd_deadline),
        "allowed_transitions": allowed,
        "created_at": _iso_datetime(a.created_at, tz),
        "updated_at": _iso_datetime(a.updated_at, tz),
        "version": a.version,
    }


class TransitionInputSerializer(serializers.Serializer):
    # A plain code, not a choice: an unknown code is simply not reachable (409 with the list).
    to = serializers.CharField(max_length=40, error_messages=MESSAGES)
    date = _date(allow_null=True)
    note = _text(5000, default="")
    reason = serializers.ChoiceField(
        choices=EndReason.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages=MESSAGES,
    )
    substantive = _bool(default=False)


class DprdDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=DprdDecisionValue.choices,
        error_messages={
            **MESSAGES,
            "invalid_choice": "Keputusan harus “disetujui” atau “ditolak”.",
        },
    )
    date = _date(required=True)
    letter_number = _text(120, default="")
    note = _text(5000, default="")


class DprdDecisionSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DprdDecision
        fields = ["id", "decision", "date", "letter_number", "note", "user", "created_at"]
        read_only_fields = fields


class ConditionSerializer(serializers.Serializer):
    """One PP Ps. 27 condition (API.md): unrecorded ones read as not confirmed."""

    code = serializers.ChoiceField(choices=Ps27Condition.choices, read_only=True)
    label = serializers.CharField(read_only=True)
    confirmed = serializers.BooleanField(read_only=True)
    user = serializers.CharField(read_only=True, allow_null=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)


class ConditionInputSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=Ps27Condition.choices,
        error_messages={
            **MESSAGES,
            "invalid_choice": "“{input}” bukan kode syarat PP 28/2018 Ps. 27 ("
            + ", ".join(Ps27Condition.values)
            + ").",
        },
    )
    confirmed = serializers.BooleanField(error_messages=BOOL_MESSAGES)
    note = _text(5000, default="")


class StageHistorySerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # The first row has no from_stage; only `selesai` rows carry a reason.
    from_stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)
    reason = serializers.ChoiceField(choices=EndReason.choices, allow_blank=True, read_only=True)
    skipped = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = StageHistory
        fields = [
            "from_stage",
            "to_stage",
            "date",
            "note",
            "reason",
            "skipped",
            "user",
            "created_at",
        ]
        read_only_fields = fields


class FieldChangeSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FieldChange
        fields = ["field", "old_value", "new_value", "user", "created_at"]
        read_only_fields = fields


class TimelineEventSerializer(serializers.Serializer):
    """One event of the whole riwayat (`?type=all`), from selectors.agreement_timeline."""

    type = serializers.ChoiceField(
        choices=[
            ("stage", "Perpindahan tahapan"),
            ("automatic_end", "Berakhir otomatis"),
            ("dprd_decision", "Keputusan DPRD"),
            ("naskah", "Naskah ditambahkan"),
            ("document", "Dokumen diunggah"),
            ("edit", "Perubahan data"),
        ]
    )
    at = serializers.DateTimeField(help_text="Waktu pencatatan (tanggal dan jam).")
    date = serializers.DateField(allow_null=True, help_text="Tanggal yang dimaksud peristiwa.")
    user = serializers.CharField(
        source="username", allow_null=True, help_text="Nama pengguna; null: sistem."
    )
    title = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField(allow_blank=True)


class NaskahSerializer(serializers.ModelSerializer):
    class Meta:
        model = Naskah
        fields = [
            "id",
            "naskah_type",
            "number",
            "title",
            "signed_on",
            "valid_from",
            "valid_until",
            "document",
            "amends",
        ]
        read_only_fields = fields


class NaskahInputSerializer(serializers.Serializer):
    naskah_type = serializers.ChoiceField(
        choices=NaskahType.choices,
        error_messages={
            **MESSAGES,
            "invalid_choice": "“{input}” bukan jenis naskah yang dikenal.",
        },
    )
    number = _text(160, default="")
    title = _text(300, default="")
    signed_on = _date(required=True)
    valid_from = _date(allow_null=True)
    valid_until = _date(allow_null=True)
    document = _id(required=False, allow_null=True)
    amends = _id(required=False, allow_null=True)


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "doc_type",
            "title",
            "filename",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str:
        url = reverse("agreements:document_download", args=[document.agreement_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DocumentInputSerializer(serializers.Serializer):
    # Empty and oversized files and their content are judged by the service (code invalid_file).
    file = serializers.FileField(
        allow_empty_file=True,
        max_length=None,
        error_messages={
            **MESSAGES,
            "required": "Pilih berkas yang akan diunggah.",
            "invalid": "Kirim berkas sebagai multipart/form-data pada isian “file”.",
            "no_name": "Nama berkas tidak dapat ditentukan.",
        },
    )
    doc_type = serializers.ChoiceField(
        choices=DocType.choices,
        error_messages={
            **MESSAGES,
            "invalid_choice": "“{input}” bukan jenis dokumen yang dikenal.",
        },
    )
    title = _text(255, default="")
