from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import (
    Decision,
    EventType,
    ProposalKind,
    ProposalStatus,
    ProposerThirdPartyType,
    ProposerType,
)
from ..models import LIMITS, MAX_ATTACHMENTS, Proposal, ProposalAttachment, ProposalEvent


def _choice(choices, what: str, **kwargs):
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"“{{input}}” bukan {what} yang dikenal."},
        **kwargs,
    )


def _code(choices, what: str, **kwargs):
    """A code field documented by its values, checked by the service.

    Not an enum in the schema on purpose: the proposal's kinds and proposer types are the
    agreement core's (once the core knows SINERGI and instansi_pusat), and one choice set may
    carry one enum name only.
    """
    values = ", ".join(value for value, _ in choices)
    return serializers.CharField(help_text=f"{what}: {values}.", **kwargs)


class PublicProposalInputSerializer(serializers.Serializer):
    """multipart/form-data of POST /api/public/proposals/ (API.md)."""

    proposer_name = serializers.CharField(max_length=LIMITS["proposer_name"])
    proposer_type = _code(ProposerType.choices, "Jenis pengusul", max_length=24)
    third_party_type = _code(
        ProposerThirdPartyType.choices,
        "Jenis pihak ketiga (bila pihak ketiga)",
        required=False,
        allow_blank=True,
        max_length=32,
    )
    region_code = serializers.CharField(required=False, allow_blank=True, max_length=8)
    country_code = serializers.CharField(required=False, allow_blank=True, max_length=2)
    contact_name = serializers.CharField(max_length=LIMITS["contact_name"])
    contact_email = serializers.EmailField(max_length=LIMITS["contact_email"])
    contact_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=LIMITS["contact_phone"]
    )
    kind = _code(ProposalKind.choices, "Jenis kerja sama yang diusulkan", max_length=8)
    title = serializers.CharField(max_length=LIMITS["title"])
    object = serializers.CharField(max_length=LIMITS["object"])
    scope = serializers.CharField(max_length=LIMITS["scope"])
    benefits = serializers.CharField(max_length=LIMITS["benefits"])
    financing = serializers.CharField(max_length=LIMITS["financing"])
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=MAX_ATTACHMENTS,
        help_text=f"Paling banyak {MAX_ATTACHMENTS} berkas: PDF, DOCX, XLSX, JPEG, PNG; ≤ 20 MB.",
    )
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Kosongkan (perangkap robot).",
    )


class PublicProposalCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.ChoiceField(choices=ProposalStatus.choices)


class PublicProposalStatusSerializer(serializers.Serializer):
    """All the proposer sees: nothing else of the registry."""

    tracking_code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    status_note = serializers.CharField()
    updated_at = serializers.DateTimeField()


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    document = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ProposalAttachment
        fields = [
            "id",
            "filename",
            "content_type",
            "size",
            "sha256",
            "revision",
            "uploaded_at",
            "document",
            "download_url",
        ]

    def get_download_url(self, obj: ProposalAttachment) -> str:
        return reverse("proposals:attachment_download", args=[obj.proposal_id, obj.pk])


class EventSerializer(serializers.ModelSerializer):
    event = serializers.ChoiceField(choices=EventType.choices)
    user = serializers.SerializerMethodField()

    class Meta:
        model = ProposalEvent
        fields = ["event", "from_status", "to_status", "note", "checklist", "user", "created_at"]

    def get_user(self, obj: ProposalEvent) -> str | None:
        return obj.user.username if obj.user else None


class ProposalSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", allow_null=True)
    proposer_type = _code(ProposerType.choices, "Jenis pengusul", read_only=True)
    third_party_type = _code(ProposerThirdPartyType.choices, "Jenis pihak ketiga", read_only=True)
    kind = _code(ProposalKind.choices, "Jenis kerja sama yang diusulkan", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    agreement = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    partner = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "tracking_code",
            "status",
            "status_note",
            "proposer_name",
            "proposer_type",
            "third_party_type",
            "region_code",
            "country_code",
            "contact_name",
            "contact_email",
            "contact_phone",
            "kind",
            "title",
            "object",
            "scope",
            "benefits",
            "financing",
            "checklist",
            "revision_count",
            "submitted_at",
            "updated_at",
            "decided_at",
            "agreement",
            "partner",
            "attachments",
        ]


class PartnerSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="partner.pk")
    name = serializers.CharField(source="partner.name")
    partner_type = serializers.CharField(source="partner.partner_type")
    score = serializers.IntegerField(help_text="Kemiripan nama, 0–100.")
    exact = serializers.BooleanField(help_text="Nama sama setelah dinormalkan.")


class ProposalDetailSerializer(ProposalSerializer):
    events = EventSerializer(many=True, read_only=True)
    partner_suggestions = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "events", "partner_suggestions"]

    @extend_schema_field(PartnerSuggestionSerializer(many=True))
    def get_partner_suggestions(self, obj: Proposal) -> list:
        return PartnerSuggestionSerializer(self.context.get("suggestions", []), many=True).data


class ReviewInputSerializer(serializers.Serializer):
    checklist = serializers.DictField(
        required=False,
        default=dict,
        help_text='{butir: true|false} atau {butir: {"ok": bool, "note": teks}}; butir: '
        "urusan_daerah, sesuai_rencana, manfaat, kapasitas_pembiayaan, legalitas_pengusul, risiko. "
        "Diterima hanya bila semuanya true.",
    )
    decision = _choice(Decision.choices, "keputusan")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=LIMITS["status_note"]
    )
    partner = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Mitra yang ada (diterima). Tanpa ini: mitra bernama sama, atau mitra baru.",
    )
    urusan = serializers.ListField(
        child=serializers.CharField(max_length=5), required=False, default=list
    )


class ReviewAcceptedSerializer(serializers.Serializer):
    agreement = serializers.IntegerField()
