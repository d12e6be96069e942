"""Pages of the reports app: /laporan/ (jobs, live status), /dprd/ (approval packets), download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from rest_framework.exceptions import AuthenticationFailed

from agreements.choices import Kind
from kerjasama import roles
from kerjasama.auth import ExpiringTokenAuthentication as TokenAuthentication
from kerjasama.errors import DomainError
from kerjasama.spreadsheet import XLSX_CONTENT_TYPE

from . import rendering, selectors, services, supervisor
from .models import JobStatus, ReportType

PAGE_SIZE = 20


def _list_context(request) -> dict:
    page = Paginator(selectors.report_job_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return {"page": page, "polling": selectors.report_jobs_active(page.object_list)}


@require_GET
@login_required
def report_list(request):
    if roles.is_dprd(request.user):
        return redirect("reports:dprd")
    roles.require_reader(request.user)
    year = timezone.localdate().year
    context = _list_context(request)
    context.update(
        default_year=year - 1 if timezone.localdate().month <= 3 else year,
        year_min=services.YEAR_MIN,
        year_max=services.YEAR_MAX,
        supervisor_kinds=["KSDD", "KSDPK", "KSDPL", "KSDLL"],
    )
    return render(request, "reports/list.html", context)


@require_GET
@login_required
def report_list_status(request):
    """The job table alone, polled by htmx every 2 s while a job is queued or running."""
    roles.require_reader(request.user)
    return render(request, "reports/_jobs.html", _list_context(request))


def _request(request, report_type: str, params: dict):
    """Queue a report from a page; DomainError/ValidationError become a message, never a 500."""
    try:
        job, created = services.report_request(
            report_type=report_type, params=params, user=request.user
        )
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        messages.success(request, f"{job.get_report_type_display()} siap diunduh.")
    elif created:
        messages.success(request, f"{job.get_report_type_display()} sedang dibuat.")
    else:
        messages.info(request, f"{job.get_report_type_display()} sudah diminta dan sedang dibuat.")
    return job


@require_POST
@login_required
def monev_request(request):
    roles.require_reader(request.user)
    _request(request, ReportType.MONEV_ANNUAL, {"year": (request.POST.get("year") or "").strip()})
    return redirect("reports:list")


@require_POST
@login_required
def supervisor_request(request):
    """The yearly report to Mendagri/the Governor (PP 28/2018 Ps. 43; UU 23/2014 Ps. 368)."""
    roles.require_reader(request.user)
    params = {
        "year": (request.POST.get("year") or "").strip(),
        "kinds": request.POST.getlist("kinds"),
    }
    _request(request, ReportType.SUPERVISOR_ANNUAL, params)
    return redirect("reports:list")


@require_POST
@login_required
def sheet_request(request, agreement_id: int):
    roles.require_reader(request.user)
    _request(request, ReportType.AGREEMENT_SHEET, {"agreement": agreement_id})
    return redirect("reports:list")


@require_POST
@login_required
def packet_request(request, agreement_id: int):
    roles.require_reader_or_dprd(request.user)
    _request(request, ReportType.DPRD_PACKET, {"agreement": agreement_id})
    return redirect("reports:dprd")


@require_GET
@login_required
def dprd(request):
    """Agreements awaiting the DPRD's decision with their packets (DPRD members and readers)."""
    roles.require_reader_or_dprd(request.user)
    page = Paginator(selectors.dprd_awaiting(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    for agreement in page.object_list:
        agreement.packet_job = agreement.packet_jobs[0] if agreement.packet_jobs else None
    polling = selectors.report_jobs_active(
        a.packet_job for a in page.object_list if a.packet_job is not None
    )
    return render(
        request,
        "reports/dprd.html",
        {"page": page, "polling": polling, "today": timezone.localdate()},
    )


@require_GET
def report_download(request, job_id: int):
    """The PDF, whatever the Accept header says. Session or API token; 404 until it is done."""
    user = request.user
    if not user.is_authenticated:
        try:
            auth = TokenAuthentication().authenticate(request)
        except AuthenticationFailed:
            auth = None
        if auth is None:
            return redirect_to_login(request.get_full_path())
        user = auth[0]
    roles.require_reader_or_dprd(user)
    job = selectors.report_job_get(user=user, job_id=job_id)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("Laporan belum selesai dibuat.")
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Berkas laporan tidak ditemukan.") from exc
    filename = rendering.download_name(job)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- supervisor report


def _supervisor_report_or_404(request, year: int) -> supervisor.SupervisorReport:
    roles.require_reader(request.user)
    if not supervisor.FIRST_YEAR <= year <= supervisor.LAST_YEAR:
        raise Http404("Tahun laporan di luar jangkauan.")
    kinds = supervisor.kinds_clean(request.GET.getlist("jenis"))
    return supervisor.supervisor_report(year=year, kinds=kinds)


@require_GET
@login_required
def supervisor_index(request):
    roles.require_reader(request.user)
    return redirect("reports:supervisor", year=timezone.localdate().year)


@require_GET
@login_required
def supervisor_page(request, year: int):
    report = _supervisor_report_or_404(request, year)
    return render(
        request,
        "reports/supervisor.html",
        {
            "report": report,
            "kind_choices": Kind.choices,
            "query": request.GET.urlencode(),
            "previous_year": year - 1 if year > supervisor.FIRST_YEAR else None,
            "next_year": year + 1 if year < supervisor.LAST_YEAR else None,
        },
    )


@require_GET
@login_required
def supervisor_xlsx(request, year: int):
    report = _supervisor_report_or_404(request, year)
    response = HttpResponse(supervisor.supervisor_xlsx(report), content_type=XLSX_CONTENT_TYPE)
    kinds = "-".join(k.lower() for k in report.kinds)
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-pengawasan-{year}-{kinds}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
