"""Pages of proposals: the public intake and tracking (/usulan/), the staff queue (/usulan-masuk/).

Thin: forms translate, services decide, selectors read. Public pages never show anything of the
registry but the proposer's own proposal, and never its attachments.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.choices import KIND_PARTNER_TYPE, Bidang, Kind
from kerjasama import roles
from kerjasama.errors import DomainError
from kerjasama.forms_util import apply_service_errors

from . import ratelimit, selectors, services
from .choices import (
    CHECKLIST,
    OPEN_STATUSES,
    EventType,
    ProposalKind,
    ProposalStatus,
)
from .exceptions import HoneypotFilled
from .forms import ProposalForm, QueueFilterForm, ReviewForm, RevisionForm, TrackForm
from .models import MAX_ATTACHMENTS, ProposalAttachment

SESSION_KEY = "usulan_terkirim"


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _limited(request, bucket: str):
    """None when allowed, else the 429 page."""
    allowed, wait = ratelimit.hit(bucket, ratelimit.client_address(request))
    if allowed:
        return None
    response = render(request, "proposals/rate_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


# --------------------------------------------------------------------------- public


def _intro_context() -> dict:
    return {
        "kinds": ProposalKind.choices,
        "bidang": Bidang.choices,
        "max_attachments": MAX_ATTACHMENTS,
    }


@require_http_methods(["GET", "POST"])
def submit(request):
    """GET the page with the form; POST a proposal (no login)."""
    if request.method == "POST":
        if limited := _limited(request, "submit"):
            return limited
        form = ProposalForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                proposal = services.proposal_submit(
                    data=form.service_data(), files=form.uploads(), base_url=_base_url(request)
                )
            except HoneypotFilled as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                request.session[SESSION_KEY] = proposal.tracking_code
                return redirect("proposals:submitted")
        return render(
            request, "proposals/submit.html", {"form": form, **_intro_context()}, status=400
        )
    return render(request, "proposals/submit.html", {"form": ProposalForm(), **_intro_context()})


@require_GET
def submitted(request):
    code = request.session.pop(SESSION_KEY, None)
    if not code:
        return redirect("proposals:submit")
    proposal = selectors.proposal_by_code(code)
    if proposal is None:
        return redirect("proposals:submit")
    return render(
        request,
        "proposals/submitted.html",
        {"usulan": selectors.proposal_public_view(proposal), "email": proposal.contact_email},
    )


def _revision_form(proposal, data=None, files=None) -> RevisionForm:
    if data is not None:
        return RevisionForm(data, files)
    initial = {
        name: getattr(proposal, name)
        for name in (
            "proposer_type",
            "proposer_name",
            "third_party_type",
            "country_code",
            "contact_name",
            "contact_email",
            "contact_phone",
            "kind",
            "title",
            "object",
            "scope",
            "benefits",
            "financing",
        )
    }
    initial["region_code"] = proposal.region_id or ""
    initial["kode"] = proposal.tracking_code
    return RevisionForm(initial=initial)


def _track_result(request, proposal, *, revision_form=None, status=200):
    context = {
        "form": TrackForm(initial={"kode": proposal.tracking_code}),
        "usulan": selectors.proposal_public_view(proposal),
        "status_label": ProposalStatus(proposal.status).label,
    }
    if proposal.status == ProposalStatus.PERLU_PERBAIKAN:
        context["revision_form"] = revision_form or _revision_form(proposal)
        context["max_attachments"] = MAX_ATTACHMENTS
    return render(request, "proposals/track.html", context, status=status)


@require_http_methods(["GET", "POST"])
def track(request):
    """GET the code form; POST a code (kept out of URLs and logs) to see the status."""
    if request.method == "POST":
        if limited := _limited(request, "lookup"):
            return limited
        form = TrackForm(request.POST)
        status = 400
        if form.is_valid():
            code = services.tracking_code_normalise(form.cleaned_data["kode"])
            proposal = selectors.proposal_by_code(code)
            if proposal is not None:
                return _track_result(request, proposal)
            form.add_error(
                "kode", "Kode pelacakan tidak ditemukan. Periksa kembali kode pada surel Anda."
            )
            status = 404
        return render(request, "proposals/track.html", {"form": form}, status=status)
    return render(request, "proposals/track.html", {"form": TrackForm()})


@require_POST
def revise(request):
    if limited := _limited(request, "submit"):
        return limited
    code = services.tracking_code_normalise(request.POST.get("kode"))
    proposal = selectors.proposal_by_code(code)
    if proposal is None:
        # A missing or malformed code is a bad request; a well-formed unknown one is not found.
        messages.error(request, "Kode pelacakan tidak ditemukan.")
        status = 404 if code else 400
        return render(request, "proposals/track.html", {"form": TrackForm()}, status=status)
    form = RevisionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            proposal = services.proposal_revise(
                tracking_code=code,
                data=form.service_data(),
                files=form.uploads(),
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return _track_result(request, proposal, status=409)
        else:
            messages.success(
                request, "Perbaikan usulan telah dikirim. Status usulan kembali “Diajukan”."
            )
            return _track_result(request, proposal)
    return _track_result(request, proposal, revision_form=form, status=400)


# --------------------------------------------------------------------------- staff


@login_required
@require_GET
def queue(request):
    roles.require_reader(request.user)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(selectors.proposal_queue(filters), 25).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "proposals/queue.html",
        {
            "form": form if form.is_bound else QueueFilterForm(),
            "page": page,
            "counts": selectors.proposal_status_counts(),
            "query": query.urlencode(),
            "statuses": ProposalStatus.choices,
        },
    )


def _suggestions(proposal):
    partner_type = KIND_PARTNER_TYPE.get(proposal.kind) if proposal.kind in Kind.values else None
    return selectors.partner_lookalikes(proposal.proposer_name, partner_type)


def _detail(request, pk: int, *, review_form=None, status=200):
    proposal = get_object_or_404(selectors.proposal_detail_qs(), pk=pk)
    suggestions = _suggestions(proposal)
    can_decide = roles.is_staf(request.user) and proposal.status in OPEN_STATUSES
    if review_form is None and can_decide:
        initial = {}
        exact = next((s for s in suggestions if s["exact"]), None)
        if exact:
            initial["partner"] = str(exact["partner"].pk)
        for code, item in (proposal.checklist or {}).items():
            initial[f"cek_{code}"] = {True: "ya", False: "tidak"}.get(item.get("ok"), "")
            initial[f"cek_{code}_catatan"] = item.get("note", "")
        review_form = ReviewForm(initial=initial, suggestions=suggestions)
    checklist = [
        {"label": label, **(proposal.checklist or {}).get(code, {})} for code, label in CHECKLIST
    ]
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "suggestions": suggestions,
            "review_form": review_form,
            "can_decide": can_decide,
            "checklist": checklist,
            "can_start": roles.is_staf(request.user) and proposal.status == ProposalStatus.DIAJUKAN,
            "events": list(proposal.events.all()),
            "event_labels": dict(EventType.choices),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request, pk: int):
    roles.require_reader(request.user)
    return _detail(request, pk)


@login_required
@require_POST
def start_review(request, pk: int):
    roles.require_staf(request.user)
    try:
        services.proposal_start_review(proposal_id=pk, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Usulan kini berstatus “Sedang dikaji”.")
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def decide(request, pk: int):
    roles.require_staf(request.user)
    proposal = get_object_or_404(selectors.proposal_detail_qs(), pk=pk)
    form = ReviewForm(request.POST, suggestions=_suggestions(proposal))
    if form.is_valid():
        try:
            proposal = services.proposal_review(
                proposal_id=pk,
                user=request.user,
                base_url=_base_url(request),
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("proposals:detail", pk=pk)
        else:
            if proposal.agreement_id:
                messages.success(
                    request, f"Usulan diterima dan didaftarkan sebagai {proposal.agreement.number}."
                )
                return redirect("agreements:detail", pk=proposal.agreement_id)
            messages.success(
                request,
                f"Keputusan “{proposal.get_status_display()}” disimpan dan dikirim ke pengusul.",
            )
            return redirect("proposals:detail", pk=pk)
    messages.error(request, "Keputusan belum tersimpan; periksa isian formulir kajian.")
    return _detail(request, pk, review_form=form, status=400)


@login_required
@require_GET
def attachment_download(request, pk: int, attachment_id: int):
    """Staff and Sekda only: attachments are never served to the public."""
    roles.require_reader(request.user)
    attachment = get_object_or_404(ProposalAttachment, pk=attachment_id, proposal_id=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
