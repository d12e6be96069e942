"""Thin API views of the monitoring app (API.md, Monitoring)."""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kerjasama import roles
from kerjasama.api import FilterSet
from kerjasama.errors import DomainError

from .. import selectors, services
from ..models import Evaluation, Indicator, Realisation, Target, TargetPeriod
from .serializers import (
    EvaluationInputSerializer,
    EvaluationSerializer,
    RealisationSerializer,
    TargetSerializer,
)

YEAR_PARAMETER = OpenApiParameter(
    "year", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True, description="Tahun, mis. 2019"
)


class YearMissing(DomainError):
    code = "invalid"
    default_message = "Parameter year wajib diisi dengan tahun empat angka, mis. ?year=2019."


def year_param(request) -> int:
    raw = (request.query_params.get("year") or "").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4) or not 2000 <= int(raw) <= 2100:
        raise YearMissing(year=["Isi tahun antara 2000 dan 2100, mis. 2019."])
    return int(raw)


class KpiApi(APIView):
    """IKU of one year: fasilitasi, naskah, exact percentage, target, status, by group."""

    permission_classes = [roles.IsReader]

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses=inline_serializer(
            "Kpi",
            {
                "year": serializers.IntegerField(),
                "fasilitasi": serializers.IntegerField(),
                "naskah": serializers.IntegerField(),
                "iku_percent": serializers.FloatField(allow_null=True),
                "target_percent": serializers.FloatField(allow_null=True),
                "status": serializers.CharField(),
                "by_group": serializers.DictField(),
            },
        ),
    )
    def get(self, request):
        return Response(selectors.kpi_year(year=year_param(request)))


class RenjaApi(APIView):
    """Tabel 2.1 (Renja results and Renstra achievement) of one year, exact values."""

    permission_classes = [roles.IsReader]

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses=inline_serializer(
            "Renja",
            {"year": serializers.IntegerField(), "results": serializers.ListField()},
        ),
    )
    def get(self, request):
        year = year_param(request)
        return Response({"year": year, "results": selectors.renja_table(year=year)})


class TargetFilter(FilterSet):
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices)
    period = django_filters.ChoiceFilter(choices=TargetPeriod.choices)

    class Meta:
        model = Target
        fields = ["indicator", "year", "period"]


class TargetListCreateApi(generics.ListCreateAPIView):
    """Yearly Renja and Renstra targets per indicator; staf write, Sekda reads."""

    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    permission_classes = [roles.IsStafOrReadOnlyReader]
    filterset_class = TargetFilter

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = services.target_set(user=request.user, **data.validated_data)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)


class RealisationFilter(FilterSet):
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices)

    class Meta:
        model = Realisation
        fields = ["indicator", "year"]


class RealisationListCreateApi(generics.ListCreateAPIView):
    """Historical realisations entered by hand (before the registry existed)."""

    queryset = Realisation.objects.all()
    serializer_class = RealisationSerializer
    permission_classes = [roles.IsStafOrReadOnlyReader]
    filterset_class = RealisationFilter

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        realisation = services.realisation_set(user=request.user, **data.validated_data)
        return Response(RealisationSerializer(realisation).data, status=status.HTTP_201_CREATED)


class EvaluationFilter(FilterSet):
    class Meta:
        model = Evaluation
        fields = ["agreement", "period_year"]


class EvaluationListCreateApi(generics.ListCreateAPIView):
    """Evaluations of agreements: five criteria 1-5 with notes, aspects, evidence."""

    queryset = Evaluation.objects.select_related("agreement", "evaluator").prefetch_related(
        "evidence"
    )
    serializer_class = EvaluationSerializer
    permission_classes = [roles.IsStafOrReadOnlyReader]
    filterset_class = EvaluationFilter

    @extend_schema(request=EvaluationInputSerializer, responses={201: EvaluationSerializer})
    def post(self, request, *args, **kwargs):
        data = EvaluationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        evaluation = services.evaluation_create(
            user=request.user, agreement_id=fields.pop("agreement"), **fields
        )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)
