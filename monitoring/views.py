"""Pages of the monitoring app: home by role, /monev/ dashboard, Tabel 2.1, targets, evaluations.

Views only translate: numbers come from selectors.py, writes go through services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from agreements.choices import Kind, Stage, Status
from agreements.models import Agreement
from agreements.selectors import AWAITING_DPRD, agreement_visible_to
from kerjasama import roles
from kerjasama.forms_util import apply_service_errors

from . import charts, selectors, services
from .forms import ConclusionForm, EvaluationForm, TargetForm, YearForm
from .models import ASPECTS, CRITERIA, CRITERIA_LABELS
from .renja_display import renja_display

MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
STAGE_ORDER = {code: i for i, code in enumerate(Stage.values)}
STAGE_LABELS = dict(Stage.choices)
LIST_LIMIT = 10


def _selected_year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["tahun"]
    return timezone.localdate().year


def _with_overdue(agreements, today):
    for agreement in agreements:
        agreement.is_overdue = bool(agreement.dprd_deadline and agreement.dprd_deadline < today)
    return agreements


# --------------------------------------------------------------------------- home


def _staf_context(user, today) -> dict:
    mine = (
        Agreement.objects.filter(owner=user, status=Status.AKTIF)
        .exclude(stage__in=selectors.PIPELINE_DONE_STAGES)
        .prefetch_related("partners")
        .order_by("updated_at", "id")
    )
    return {
        "my_agreements": list(mine[:LIST_LIMIT]),
        "my_count": mine.count(),
        "dprd_pending": _with_overdue(list(selectors.dprd_pending()[:5]), today),
        "expiring": list(selectors.agreements_expiring(days=90, today=today)[:5]),
    }


@login_required
def home(request):
    """Dashboard by role: what needs doing now, and where to go next."""
    user = request.user
    today = timezone.localdate()
    role = roles.primary_role(user)
    counts = agreement_visible_to(user).aggregate(
        total=Count("id"),
        aktif=Count("id", filter=Q(status=Status.AKTIF)),
        menunggu_dprd=Count("id", filter=AWAITING_DPRD),
    )
    context = {
        "counts": counts,
        "role_label": roles.ROLE_LABELS.get(role or "", "Administrator" if role else ""),
        "today": today,
    }
    if roles.is_staf(user):
        context.update(_staf_context(user, today), show_staf=True)
    if roles.is_reader(user) and not roles.is_staf(user):
        context.update(show_sekda=True, kpi=selectors.kpi_year(year=today.year))
    if roles.is_dprd(user):
        context["show_dprd"] = True
    return render(request, "monitoring/home.html", context)


# --------------------------------------------------------------------------- /monev/


def _pipeline(rows: list[dict]) -> tuple[list[dict], list[str], charts.Chart]:
    kinds = list(Kind.values)
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["stage"], {})[row["kind"]] = row["n"]
    stages = sorted(table, key=lambda s: STAGE_ORDER.get(s, 99))
    table_rows = [
        {
            "stage": stage,
            "label": STAGE_LABELS.get(stage, stage),
            "counts": [table[stage].get(k, 0) for k in kinds],
            "total": sum(table[stage].values()),
        }
        for stage in stages
    ]
    items, colors = [], []
    for i, kind in enumerate(kinds):
        for stage in stages:
            if table[stage].get(kind):
                items.append((f"{kind} · {STAGE_LABELS.get(stage, stage)}", table[stage][kind]))
                colors.append(charts.PALETTE[i % len(charts.PALETTE)])
    chart = charts.horizontal_bars("Kerja sama aktif per jenis dan tahapan", items, colors=colors)
    return table_rows, kinds, chart


@roles.reader_required
def dashboard(request):
    """Sekda's Monday view: IKU vs target, outputs, pipeline, naskah per month, DPRD, expiry."""
    year = _selected_year(request)
    today = timezone.localdate()
    kpi = selectors.kpi_year(year=year)
    months = selectors.naskah_per_month(year=year)
    pipeline_rows, kinds, pipeline_chart = _pipeline(selectors.pipeline_by_kind_stage())
    expiring_qs = selectors.agreements_expiring(days=90, today=today)
    dprd_qs = selectors.dprd_pending()
    budget_years = [year, year + 1]
    context = {
        "year": year,
        "years": selectors.facilitation_years(),
        "kpi": kpi,
        "groups": [
            {"code": code, "label": selectors.GROUP_LABELS[code], **kpi["by_group"][code]}
            for code in selectors.GROUPS
        ],
        "outputs": selectors.outputs_vs_targets(year=year),
        "months": [{"label": MONTHS_SHORT[m["month"] - 1], **m} for m in months],
        "months_total": sum(m["count"] for m in months),
        "months_chart": charts.vertical_bars(
            f"Naskah KB dan PKS ditandatangani per bulan, {year}",
            [(MONTHS_SHORT[m["month"] - 1], m["count"]) for m in months],
        ),
        "pipeline_rows": pipeline_rows,
        "pipeline_kinds": kinds,
        "pipeline_totals": [sum(r["counts"][i] for r in pipeline_rows) for i in range(len(kinds))],
        "pipeline_total": sum(r["total"] for r in pipeline_rows),
        "pipeline_chart": pipeline_chart,
        "expiring": list(expiring_qs[:LIST_LIMIT]),
        "expiring_count": expiring_qs.count(),
        "dprd_pending": _with_overdue(list(dprd_qs[:LIST_LIMIT]), today),
        "dprd_count": dprd_qs.count(),
        "budget_years": budget_years,
        "budget": selectors.budget_rows(years=budget_years),
        "absorption": selectors.budget_absorption(year=year),
        "today": today,
    }
    return render(request, "monitoring/dashboard.html", context)


@roles.reader_required
def renja(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404("Tahun di luar rentang 2000–2100.")
    rows = renja_display(selectors.renja_table(year=year))
    return render(
        request,
        "monitoring/renja.html",
        {
            **selectors.renja_meta(year=year),
            "rows": rows,
            "budget_prev": selectors.budget_absorption(year=year - 1),
            "budget_year": selectors.budget_absorption(year=year),
            "years": selectors.facilitation_years(),
            "is_staf": roles.is_staf(request.user),
        },
    )


@roles.reader_required
def targets(request):
    """Targets list for readers; the form and POST for staf only."""
    form = TargetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not roles.is_staf(request.user):
            raise PermissionDenied("Hanya staf kerja sama yang boleh menetapkan target.")
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                target = services.target_set(user=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Target {target.get_indicator_display()} tahun {target.year} disimpan.",
                )
                return redirect("monitoring:targets")
    page = Paginator(selectors.target_list(), 25).get_page(request.GET.get("halaman"))
    realisations = selectors.realisation_list()[:50]
    return render(
        request,
        "monitoring/targets.html",
        {
            "form": form,
            "page": page,
            "realisations": realisations,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@roles.reader_required
def conclusions(request):
    """The overall conclusions of the annual monev reports; staf write, Sekda reads."""
    year = timezone.localdate().year
    form = ConclusionForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not roles.is_staf(request.user):
            raise PermissionDenied("Hanya staf kerja sama yang boleh mengisi kesimpulan.")
        if form.is_valid():
            try:
                conclusion = services.monev_conclusion_set(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Kesimpulan tahun {conclusion.year} disimpan.")
                return redirect("monitoring:conclusions")
    return render(
        request,
        "monitoring/conclusions.html",
        {"form": form, "conclusions": selectors.conclusion_list()[:20]},
        status=400 if form.is_bound and form.errors else 200,
    )


@roles.reader_required
def evaluation_list(request):
    agreement = None
    agreement_id = request.GET.get("agreement") or ""
    if agreement_id:
        if not (agreement_id.isascii() and agreement_id.isdigit() and len(agreement_id) < 19):
            agreement_id = ""
        else:
            agreement = get_object_or_404(Agreement, pk=int(agreement_id))
    qs = selectors.evaluation_list(agreement_id=agreement.pk if agreement else None)
    page = Paginator(qs, 20).get_page(request.GET.get("halaman"))
    for evaluation in page:
        scores = [getattr(evaluation, c) for c in CRITERIA]
        evaluation.scores = list(zip([CRITERIA_LABELS[c] for c in CRITERIA], scores, strict=True))
        evaluation.average = sum(scores) / len(scores)
        evaluation.aspect_items = [
            (ASPECTS.get(code, code), note) for code, note in evaluation.aspects.items()
        ]
    return render(
        request,
        "monitoring/evaluation_list.html",
        {"page": page, "agreement": agreement, "criteria": CRITERIA_LABELS},
    )


@roles.staf_required
def evaluation_create(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    today = timezone.localdate()
    form = EvaluationForm(
        request.POST or None,
        agreement=agreement,
        initial={"evaluated_on": today, "period_year": today.year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_create(
                agreement_id=agreement.pk, user=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Evaluasi {agreement.number} disimpan.")
            return redirect(f"{reverse('monitoring:evaluation_list')}?agreement={agreement.pk}")
    return render(
        request,
        "monitoring/evaluation_form.html",
        {"form": form, "agreement": agreement},
        status=400 if form.is_bound and form.errors else 200,
    )
