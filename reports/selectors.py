"""Read queries of the reports app: jobs a user may see, agreements awaiting DPRD."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from agreements.models import Agreement, Partner
from agreements.selectors import agreement_visible_to, awaiting_dprd, dprd_packet_agreements
from kerjasama import roles
from kerjasama.baked import BakedQuery

from . import services
from .models import JobStatus, ReportJob, ReportType


def report_job_list(*, user) -> QuerySet[ReportJob]:
    """Readers see every job; DPRD members their own and the packets they may download."""
    qs = ReportJob.objects.select_related("agreement", "requested_by").order_by("-id")
    if roles.is_reader(user):
        return qs
    if roles.is_dprd(user):
        return qs.filter(
            Q(requested_by=user)
            | Q(
                report_type=ReportType.DPRD_PACKET,
                agreement__in=dprd_packet_agreements(agreement_visible_to(user)).values("pk"),
            )
        )
    return qs.none()


def report_job_get(*, user, job_id: int) -> ReportJob:
    job = ReportJob.objects.select_related("agreement").filter(pk=job_id).first()
    if job is None or not services.job_visible_to(user, job):
        raise Http404("Laporan tidak ditemukan.")
    return job


def report_jobs_active(jobs) -> bool:
    return any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in jobs)


def dprd_awaiting(*, user) -> QuerySet[Agreement]:
    """Agreements at `persetujuan_dprd` visible to `user`, soonest deadline first, each with
    its packet jobs (newest first) in `packet_jobs`: constant query count."""
    return (
        awaiting_dprd(agreement_visible_to(user))
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("id", "name").order_by("name")),
            Prefetch(
                "report_jobs",
                queryset=ReportJob.objects.filter(report_type=ReportType.DPRD_PACKET).order_by(
                    "-id"
                ),
                to_attr="packet_jobs",
            ),
        )
        .order_by(F("dprd_deadline").asc(nulls_last=True), "number")
    )


#: Composed once per process (kerjasama.baked, F13): Tabel 2.1 reads it on every request.
MONEV_DONE = BakedQuery(
    lambda: ReportJob.objects.filter(
        report_type=ReportType.MONEV_ANNUAL, status=JobStatus.DONE
    ).only("id", "params"),
    markers=0,
)


def monev_reports_done_by_year(jobs: list[ReportJob], years: list[int]) -> dict[int, int]:
    """Finished annual monev reports per year (params["year"]) among `jobs` (`MONEV_DONE`'s
    rows), for Tabel 2.1's laporan_monev."""
    done: dict[int, int] = {}
    for job in jobs:
        params = job.params
        year = params.get("year") if isinstance(params, dict) else None
        if year in years:
            done[year] = done.get(year, 0) + 1
    return done
