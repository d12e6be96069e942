"""Translation between report jobs and JSON (API.md, Reports)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from reports.models import JobStatus, ReportJob, ReportType


class ReportRequestSerializer(serializers.Serializer):
    """Request body (documentation only: the service validates and answers in Indonesian)."""

    report_type = serializers.ChoiceField(choices=ReportType.choices)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    agreement = serializers.IntegerField(required=False)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=["KSDD", "KSDPK", "KSDPL", "KSDLL"]),
        required=False,
        help_text="supervisor_annual: jenis kerja sama (bawaan KSDPL dan KSDLL).",
    )


class ReportAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    url = serializers.URLField()


class ReportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id", "report_type", "params", "status", "progress", "error", "download_url",
            "pages", "sha256", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, job: ReportJob) -> str | None:
        if job.status != JobStatus.DONE:
            return None
        url = reverse("reports:download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
