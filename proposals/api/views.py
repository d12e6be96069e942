"""Proposal endpoints of API.md: public intake and status (no login), staff queue and review."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kerjasama import roles
from kerjasama.api import FilterSet

from .. import ratelimit, selectors, services
from ..choices import KIND_PROPOSER_TYPE, ProposalKind, ProposalStatus, ProposerType
from ..exceptions import RATE_LIMITED
from ..models import Proposal
from .serializers import (
    ProposalDetailSerializer,
    ProposalSerializer,
    PublicProposalCreatedSerializer,
    PublicProposalInputSerializer,
    PublicProposalStatusSerializer,
    ReviewAcceptedSerializer,
    ReviewInputSerializer,
)

ERROR = OpenApiResponse(description='{"detail", "code"}')


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _check_rate(request, bucket: str) -> None:
    allowed, wait = ratelimit.hit(bucket, ratelimit.client_address(request))
    if not allowed:
        # DRF sets Retry-After from `wait`; the sentence stays ours (no English suffix).
        exc = Throttled(detail=RATE_LIMITED.format(wait=wait))
        exc.wait = wait
        raise exc


class PublicApiMixin:
    # No login, no session (hence no CSRF); each address is rate limited.

    authentication_classes: list = []
    permission_classes = [AllowAny]


class PublicProposalCreateApi(PublicApiMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": PublicProposalInputSerializer},
        responses={201: PublicProposalCreatedSerializer, 400: ERROR, 429: ERROR},
        auth=[],
        description="Tanpa login, multipart. Lampiran mengikuti aturan dokumen (PDF, DOCX, XLSX, "
        "JPEG, PNG menurut isi; paling besar 20 MB). Paling banyak 20 permintaan per menit per "
        "alamat; selebihnya 429.",
        summary="Ajukan usulan kerja sama (tanpa login; paling banyak 20 per menit per alamat)",
    )
    def post(self, request):
        _check_rate(request, "submit")
        data = PublicProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        files = values.pop("attachments", [])
        proposal = services.proposal_submit(data=values, files=files, base_url=_base_url(request))
        return Response(
            {"tracking_code": proposal.tracking_code, "status": proposal.status},
            status=status.HTTP_201_CREATED,
        )


class PublicProposalStatusApi(PublicApiMixin, APIView):
    @extend_schema(
        responses={200: PublicProposalStatusSerializer, 404: ERROR, 429: ERROR},
        auth=[],
        description="Hanya kode, judul, status, catatan, dan waktu pembaruan; tidak ada data lain.",
        summary="Status usulan menurut kode pelacakan",
    )
    def get(self, request, tracking_code: str):
        _check_rate(request, "lookup")
        proposal = selectors.proposal_by_code(services.tracking_code_normalise(tracking_code))
        if proposal is None:
            raise NotFound("Kode pelacakan tidak ditemukan.")
        return Response(
            PublicProposalStatusSerializer(selectors.proposal_public_view(proposal)).data
        )


class ProposalFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices)
    proposer_type = django_filters.ChoiceFilter(choices=ProposerType.choices)
    year = django_filters.NumberFilter(
        field_name="submitted_at",
        lookup_expr="year",
        label="Tahun diajukan",
        min_value=2000,
        max_value=2100,
    )
    search = django_filters.CharFilter(method="filter_search", label="Cari judul, pengusul, kode")

    class Meta:
        model = Proposal
        fields = ["status", "kind", "proposer_type"]

    def filter_search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(proposer_name__icontains=value)
            | Q(tracking_code__icontains=value)
        )


class ProposalListApi(generics.ListAPIView):
    serializer_class = ProposalSerializer
    permission_classes = [roles.IsReader]
    filterset_class = ProposalFilter

    def get_queryset(self):
        return Proposal.objects.select_related("region").prefetch_related("attachments")


class ProposalDetailApi(generics.RetrieveAPIView):
    serializer_class = ProposalDetailSerializer
    permission_classes = [roles.IsReader]

    def get_queryset(self):
        return selectors.proposal_detail_qs()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs and not getattr(self, "swagger_fake_view", False):
            proposal = get_object_or_404(Proposal, pk=self.kwargs["pk"])
            context["suggestions"] = selectors.partner_lookalikes(
                proposal.proposer_name, _partner_type(proposal)
            )
        return context


def _partner_type(proposal: Proposal) -> str | None:
    from agreements.choices import PartnerType

    wanted = KIND_PROPOSER_TYPE.get(proposal.kind) if proposal.kind in ProposalKind.values else None
    return wanted if wanted in PartnerType.values else None


class ProposalReviewApi(APIView):
    permission_classes = [roles.IsStaf]

    @extend_schema(
        request=ReviewInputSerializer,
        responses={
            201: ReviewAcceptedSerializer,
            200: ProposalDetailSerializer,
            400: ERROR,
            404: ERROR,
            409: ERROR,
        },
        summary="Keputusan kajian: diterima (201, kerja sama baru), perlu_perbaikan, ditolak",
    )
    def post(self, request, pk: int):
        get_object_or_404(Proposal, pk=pk)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.proposal_review(
            proposal_id=pk, user=request.user, base_url=_base_url(request), **data.validated_data
        )
        if proposal.agreement_id:
            return Response({"agreement": proposal.agreement_id}, status=status.HTTP_201_CREATED)
        proposal = selectors.proposal_detail_qs().get(pk=pk)
        return Response(ProposalDetailSerializer(proposal, context={"request": request}).data)
