"""Pages of the arsip app: search (/cari/) and the supervisor report (/laporan/pengawasan/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from agreements.choices import Kind
from kerjasama import roles

from . import selectors, supervisor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def search(request):
    roles.require_reader(request.user)
    q = selectors.query_clean(request.GET.get("q"))
    page, hits = (None, [])
    if q:
        page, hits = selectors.search_page(
            user=request.user, q=q, page_number=request.GET.get("halaman")
        )
    return render(
        request,
        "arsip/search.html",
        {"q": q, "page": page, "hits": hits, "full_text": selectors.is_postgres()},
    )


def _report_or_404(request, year: int) -> supervisor.SupervisorReport:
    roles.require_reader(request.user)
    if not supervisor.FIRST_YEAR <= year <= supervisor.LAST_YEAR:
        raise Http404("Tahun laporan di luar jangkauan.")
    kinds = supervisor.kinds_clean(request.GET.getlist("jenis"))
    return supervisor.supervisor_report(year=year, kinds=kinds)


@login_required
def supervisor_index(request):
    roles.require_reader(request.user)
    return redirect("arsip:supervisor", year=timezone.localdate().year)


@login_required
def supervisor_page(request, year: int):
    report = _report_or_404(request, year)
    return render(
        request,
        "arsip/supervisor.html",
        {
            "report": report,
            "kind_choices": Kind.choices,
            "query": request.GET.urlencode(),
            "previous_year": year - 1 if year > supervisor.FIRST_YEAR else None,
            "next_year": year + 1 if year < supervisor.LAST_YEAR else None,
        },
    )


@login_required
def supervisor_xlsx(request, year: int):
    report = _report_or_404(request, year)
    response = HttpResponse(supervisor.supervisor_xlsx(report), content_type=XLSX)
    response["Cache-Control"] = "private, no-store"
    kinds = "-".join(k.lower() for k in report.kinds)
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-pengawasan-{year}-{kinds}.xlsx"'
    )
    return response
