"""Report jobs API: request a PDF (202), follow its status, list jobs. Thin: services decide."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from kerjasama import roles
from reports import selectors, services
from reports.models import JobStatus

from .serializers import ReportAcceptedSerializer, ReportJobSerializer, ReportRequestSerializer

PARAM_NAMES = ("year", "agreement", "kinds")


class MayUseReports(roles.IsReaderOrDprd):
    message = "Anda tidak berhak mengakses laporan."


class ReportListCreateApi(generics.ListAPIView):
    serializer_class = ReportJobSerializer
    permission_classes = [MayUseReports]

    def get_queryset(self):
        return selectors.report_job_list(user=self.request.user)

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportAcceptedSerializer})
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ParseError("Isi permintaan harus berupa objek JSON.")
        params = {name: request.data[name] for name in PARAM_NAMES if name in request.data}
        job, created = services.report_request(
            report_type=request.data.get("report_type"), params=params, user=request.user
        )
        # A new job is answered as accepted into the queue (API.md), even when eager mode has
        # already rendered it; an existing job (idempotent request) is answered as it stands.
        if not created:
            job.refresh_from_db(fields=["status"])
        url = request.build_absolute_uri(reverse("api-report-detail", args=[job.pk]))
        return Response(
            {"id": job.pk, "status": JobStatus.QUEUED if created else job.status, "url": url},
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )


class ReportDetailApi(generics.RetrieveAPIView):
    serializer_class = ReportJobSerializer
    permission_classes = [MayUseReports]

    def get_object(self):
        return selectors.report_job_get(user=self.request.user, job_id=self.kwargs["pk"])
