"""Staff pages of the agreements app. Thin: forms translate, services decide."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kerjasama import roles
from kerjasama.errors import DomainError
from kerjasama.forms_util import apply_service_errors
from kerjasama.pagination import CappedPaginator

from . import export, page_rows, selectors, services, stages
from .choices import DprdStatus, EndReason, PartnerType, Stage, Status
from .exceptions import InvalidUpload, StaleVersion, StorageFull
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    DocumentForm,
    DprdDecisionForm,
    NaskahForm,
    PartnerForm,
    TransitionForm,
)
from .models import Agreement, Partner
from .workdays import working_days_between


@login_required
def partner_list(request):
    roles.require_reader(request.user)
    qs = Partner.objects.select_related("region").order_by("name", "id")
    # NUL cannot be sent to PostgreSQL; the search box takes 200 characters at most.
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:200]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(region__name__icontains=q))
    ptype = request.GET.get("jenis") or ""
    if ptype in PartnerType.values:
        qs = qs.filter(partner_type=ptype)
    page = Paginator(qs, 25).get_page(request.GET.get("halaman"))
    return render(
        request,
        "agreements/partner_list.html",
        {"page": page, "q": q, "jenis": ptype, "partner_types": PartnerType.choices},
    )


def _partner_form_view(request, partner: Partner | None):
    roles.require_staf(request.user)
    if request.method == "POST":
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                if partner is None:
                    saved = services.partner_create(user=request.user, **form.service_kwargs())
                    messages.success(request, f"Mitra “{saved.name}” telah ditambahkan.")
                else:
                    saved = services.partner_update(
                        partner_id=partner.pk, user=request.user, **form.service_kwargs()
                    )
                    messages.success(request, f"Mitra “{saved.name}” telah diperbarui.")
                return redirect("agreements:partner_list")
            except ValidationError as exc:
                apply_service_errors(form, exc)
        status = 400
    else:
        initial = {}
        if partner is not None:
            initial = {
                "name": partner.name,
                "partner_type": partner.partner_type,
                "region_code": partner.region_id,
                "third_party_type": partner.third_party_type,
                "country_code": partner.country_code if partner.country_code != "ID" else "",
                "address": partner.address,
                "contact_name": partner.contact_name,
                "contact_email": partner.contact_email,
            }
        form = PartnerForm(initial=initial)
        status = 200
    return render(
        request, "agreements/partner_form.html", {"form": form, "partner": partner}, status=status
    )


@login_required
def partner_create(request):
    return _partner_form_view(request, None)


@login_required
def partner_update(request, pk: int):
    return _partner_form_view(request, get_object_or_404(Partner, pk=pk))


# --------------------------------------------------------------------------- agreements: list


#: The staff list counts matching rows exactly up to this many, "lebih dari" beyond (F8).
LIST_COUNT_CAP = 500


def _filtered_agreements(request):
    form = AgreementFilterForm(request.GET)
    if not roles.is_reader(request.user):
        # ?mitra=<id> names the partner: DPRD only those of agreements it may read.
        form.fields["mitra"].queryset = selectors.partners_visible_to(request.user)
    qs = selectors.agreement_list(user=request.user, filters=form.selector_filters())
    qs = selectors.agreement_sort(qs, form.sort_key())
    return form, qs


@login_required
@require_GET
def agreement_list(request):
    roles.require_reader_or_dprd(request.user)
    form, qs = _filtered_agreements(request)
    paginator = CappedPaginator(qs, 25, cap=LIST_COUNT_CAP)
    number = request.GET.get("halaman")
    keyset = not form.sort_key()  # the default order (newest facilitation first) has a keyset
    after = _cursor(request.GET.get("setelah")) if keyset else None
    page = after and paginator.page_after(number, selectors.agreement_after(qs, *after))
    page = page or paginator.get_page(number)
    if keyset and page.has_next():
        page.object_list = list(page.object_list)
        last = page.object_list[-1]
        page.next_cursor = f"{last.facilitated_on.isoformat()}_{last.pk}"
    query = request.GET.copy()
    query.pop("halaman", None)
    query.pop("setelah", None)
    filtered = any(v for k, v in request.GET.items() if k not in ("halaman", "urut", "setelah"))
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "form": form,
            "page": page,
            "urut": form.sort_key(),
            "export_query": query.urlencode(),
            "filtered": filtered,
            # ?mitra=<id>: the one chosen partner (validated by the form), shown by name.
            "chosen_partner": form.cleaned_data.get("mitra"),
            "without_partner": _query_without(request.GET, "mitra", "halaman", "setelah"),
        },
    )


def _cursor(raw: str | None) -> tuple[dt.date, int] | None:
    """`?setelah=<facilitated_on>_<id>` of the previous page's last row; None when malformed."""
    day, _, pk = (raw or "").partition("_")
    try:
        return dt.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _query_without(params, *names: str) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def agreement_export_csv(request):
    roles.require_reader_or_dprd(request.user)
    return export.to_csv(_filtered_agreements(request)[1])


@login_required
@require_GET
def agreement_export_xlsx(request):
    roles.require_reader_or_dprd(request.user)
    return export.to_xlsx(_filtered_agreements(request)[1])


# --------------------------------------------------------------------------- create / edit

AGREEMENT_FORM_FIELDS = (
    "title", "kind", "ksdd_form", "bidang", "summary", "background", "objective", "targets",
    "object", "scope", "financing_source", "value_idr", "burdens_public", "budgeted_in_apbd",
    "initiating_unit", "facilitated_on", "start_date", "end_date", "confidential",
    "dprd_received_on",
)  # fmt: skip


@login_required
def agreement_create(request):
    roles.require_staf(request.user)
    status = 200
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                agreement = services.agreement_create(user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Kerja sama {agreement.number} “{agreement.title}” telah didaftarkan."
                )
                return redirect("agreements:detail", pk=agreement.pk)
        status = 400
    else:
        form = AgreementForm()
    return render(
        request, "agreements/agreement_form.html", {"form": form, "agreement": None}, status=status
    )


@login_required
def agreement_update(request, pk: int):
    roles.require_staf(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    status = 200
    if request.method == "POST":
        form = AgreementForm(request.POST, editing=True, initial={"kind": agreement.kind})
        if form.is_valid():
            data = form.service_kwargs()
            data.pop("kind", None)
            try:
                services.agreement_update(agreement_id=agreement.pk, user=request.user, **data)
            except StaleVersion as exc:
                # Keep everything the user typed; carry the current version so that saving
                # again is a deliberate decision after checking the other user's change.
                posted = request.POST.copy()
                posted["version"] = str(Agreement.objects.values_list("version", flat=True).get(
                    pk=agreement.pk))  # fmt: skip
                form = AgreementForm(posted, editing=True, initial={"kind": agreement.kind})
                form.is_valid()
                form.add_error(None, exc.message)
                status = exc.status_code
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Data kerja sama {agreement.number} telah diperbarui.")
                return redirect("agreements:detail", pk=agreement.pk)
        else:
            status = 400
    else:
        initial = {name: getattr(agreement, name) for name in AGREEMENT_FORM_FIELDS}
        initial["partners"] = list(agreement.partners.values_list("pk", flat=True))
        initial["urusan"] = list(agreement.urusan.values_list("code", flat=True))
        initial["version"] = agreement.version
        initial["ksdd_wajib_confirmed"] = agreement.ksdd_form == "wajib"
        form = AgreementForm(initial=initial, editing=True)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": agreement, "stale": status == 409},
        status=status,
    )


# --------------------------------------------------------------------------- detail


def _timeline(agreement: Agreement, history: list) -> list[dict]:
    """The kind's whole legal sequence, each stage done/current/future/skipped with its date."""
    order = stages.stages_of(agreement.kind)
    entered: dict[str, dt.date] = {}
    skipped: set[str] = set()
    for row in history:
        entered[row.to_stage] = row.date
        skipped.update(row.skipped or ())
    if agreement.stage in order:
        reached = order.index(agreement.stage)
    else:  # ended or cancelled: the last stage it was in before
        last = next((r.from_stage for r in reversed(history) if r.to_stage == agreement.stage), "")
        reached = order.index(last) if last in order else -1
    items = []
    for index, stage in enumerate(order):
        if stage == agreement.stage:
            state = "current"
        elif index <= reached and stage in skipped and stage not in entered:
            state = "skipped"
        elif index <= reached:
            state = "done"
        elif stage in skipped and agreement.status != Status.AKTIF:
            state = "skipped"
        else:
            state = "future"
        items.append(
            {"stage": stage, "label": Stage(stage).label, "state": state,
             "date": entered.get(stage) if state in ("done", "current") else None}
        )  # fmt: skip
    if agreement.stage in stages.TERMINAL:
        items.append(
            {"stage": agreement.stage, "label": Stage(agreement.stage).label,
             "state": "current", "date": entered.get(agreement.stage)}
        )  # fmt: skip
    return items


def _renew_url(agreement: Agreement) -> str | None:
    if agreement.status != Status.AKTIF or not agreement.end_date:
        return None
    try:
        return reverse("agreements:renew", args=[agreement.pk])
    except NoReverseMatch:
        return None


def _detail_context(request, agreement: Agreement, **bound) -> dict:
    user = request.user
    can_edit = roles.is_staf(user)
    history = agreement.history_rows  # lists read by selectors.agreement_detail
    documents = agreement.document_rows
    naskah = agreement.naskah_rows
    decisions = agreement.decision_rows
    allowed = services.allowed_transitions(agreement)
    steps = []
    for target in allowed:
        if target in stages.TERMINAL:
            continue
        missing = services.missing_prerequisites(agreement, target)
        steps.append(
            {"to": target, "label": Stage(target).label,
             "forward": stages.is_forward(agreement.kind, agreement.stage, target),
             "missing": [r.label for r in missing]}
        )  # fmt: skip
    today = timezone.localdate()
    deadline = agreement.dprd_deadline
    # Only a submission the DPRD has not decided yet counts down (DOMAIN.md 11).
    waiting = agreement.dprd_status == DprdStatus.MENUNGGU
    current = [d for d in decisions if not d.superseded]
    dprd = {
        "deadline": deadline,
        "limit_days": stages.DPRD_DEADLINE_WORKING_DAYS.get(agreement.kind),
        "waiting": waiting,
        "days_left": working_days_between(today, deadline)
        if waiting and deadline and deadline >= today
        else None,
        "overdue": bool(waiting and deadline and deadline < today),
        "can_record": can_edit and waiting,
        "decision": current[-1] if current else None,
        "revision_to": Stage(stages.DPRD_REJECTION_REVISION[agreement.kind]).label
        if agreement.dprd_status == DprdStatus.DITOLAK
        else "",
    }
    end_reasons = [(code, EndReason(code).label) for code in stages.END_REASONS[agreement.kind]]
    context = {
        "agreement": agreement,
        "can_edit": can_edit,
        "timeline": _timeline(agreement, history),
        "history": selectors.agreement_timeline(agreement),
        "steps": steps,
        "can_cancel": can_edit and Stage.DIBATALKAN in allowed,
        "can_end": can_edit and Stage.SELESAI in allowed,
        "end_reasons": end_reasons,
        "checklist": stages.checklist(agreement.kind, agreement.stage),
        "documents": documents,
        "naskah_rows": naskah,
        "decisions": decisions,
        "dprd": dprd,
        "conditions": selectors.condition_list(agreement),
        "renew_url": _renew_url(agreement) if can_edit else None,
        "today": today,
        "cancel_form": bound.get("cancel_form") or TransitionForm(initial={"to": Stage.DIBATALKAN}),
        "end_form": bound.get("end_form") or TransitionForm(initial={"to": Stage.SELESAI}),
        "dprd_form": bound.get("dprd_form") or (DprdDecisionForm() if dprd["can_record"] else None),
        # Unbound, these two are fetched when their section opens (agreement_form_part).
        "naskah_form": bound.get("naskah_form"),
        "document_form": bound.get("document_form"),
    }
    end_field = context["end_form"].fields["reason"]
    end_field.choices = [("", "— pilih alasan —"), *end_reasons]
    return context


def _render_detail(request, agreement_id: int, status: int = 200, **bound):
    agreement = selectors.agreement_detail(user=request.user, pk=agreement_id)
    # What other apps asked the page statement to read (page_rows.PAGE_VALUES), if it ran.
    request.page_values = {
        name: getattr(agreement, name) for name in page_rows.PAGE_VALUES if hasattr(agreement, name)
    }
    return render(
        request, "agreements/agreement_detail.html", _detail_context(request, agreement, **bound),
        status=status,
    )  # fmt: skip


@login_required
@require_GET
def agreement_detail(request, pk: int):
    roles.require_reader_or_dprd(request.user)
    return _render_detail(request, pk)


# --------------------------------------------------------------------------- page actions

#: The detail page's forms fetched on demand: template, context name, title, empty form.
FORM_PARTS = {
    "naskah": ("agreements/_naskah_form.html", "naskah_form", "Tambah naskah",
               lambda agreement: NaskahForm(agreement=agreement)),
    "document": ("agreements/_document_form.html", "document_form", "Unggah dokumen",
                 lambda agreement: DocumentForm()),
}  # fmt: skip


@login_required
@require_GET
def agreement_form_part(request, pk: int, part: str):
    """An empty form of the detail page: the fragment for htmx, else a page of its own.

    "Tambah naskah" and "Unggah dokumen" sit in closed sections of the detail page; rendering
    their widgets on every view cost a third of the page (F11), so they come when opened.
    """
    agreement = _staf_agreement(request, pk)
    template, name, title, empty_form = FORM_PARTS[part]
    context = {"agreement": agreement, "title": title, "part": template}
    context[name] = empty_form(agreement)
    if request.headers.get("HX-Request"):
        return render(request, template, context)
    return render(request, "agreements/agreement_form_part.html", context)


def _staf_agreement(request, pk: int) -> Agreement:
    roles.require_staf(request.user)
    return get_object_or_404(Agreement.objects.only("id", "number"), pk=pk)


def _form_errors_text(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def agreement_transition(request, pk: int):
    agreement = _staf_agreement(request, pk)
    form = TransitionForm(request.POST)
    target = request.POST.get("to", "")
    slot = {Stage.DIBATALKAN: "cancel_form", Stage.SELESAI: "end_form"}.get(target)
    if not form.is_valid():
        messages.error(request, f"Tahapan tidak dapat dipindahkan: {_form_errors_text(form)}")
        return _render_detail(request, pk, 400, **({slot: form} if slot else {}))
    data = form.cleaned_data
    try:
        moved = services.agreement_transition(
            agreement_id=agreement.pk, to=data["to"], date=data["date"], note=data["note"],
            reason=data["reason"], substantive=data["substantive"], user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        apply_service_errors(form, exc)
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, pk, 400, **({slot: form} if slot else {}))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, pk, exc.status_code)
    messages.success(request, f"Tahapan kerja sama kini: {moved.get_stage_display()}.")
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
@require_POST
def agreement_dprd_decision(request, pk: int):
    agreement = _staf_agreement(request, pk)
    form = DprdDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.dprd_decision_record(
                agreement_id=agreement.pk, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return _render_detail(request, pk, exc.status_code)
        else:
            messages.success(request, "Keputusan DPRD telah dicatat.")
            return redirect("agreements:detail", pk=agreement.pk)
    messages.error(request, "Keputusan DPRD belum tersimpan; periksa isian formulirnya.")
    return _render_detail(request, pk, 400, dprd_form=form)


@login_required
@require_POST
def agreement_naskah_create(request, pk: int):
    agreement = _staf_agreement(request, pk)
    form = NaskahForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            naskah = services.naskah_create(
                agreement_id=agreement.pk, user=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Naskah {naskah} telah ditambahkan.")
            return redirect("agreements:detail", pk=agreement.pk)
    messages.error(request, "Naskah belum tersimpan; periksa isian formulirnya.")
    return _render_detail(request, pk, 400, naskah_form=form)


@login_required
@require_POST
def agreement_document_upload(request, pk: int):
    agreement = _staf_agreement(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            document = services.document_upload(
                agreement_id=agreement.pk, user=request.user,
                uploaded_file=form.cleaned_data["file"], doc_type=form.cleaned_data["doc_type"],
                title=form.cleaned_data["title"],
            )  # fmt: skip
        except (InvalidUpload, StorageFull) as exc:
            form.add_error("file", exc.message)
            status = exc.status_code  # 507 when the disk is full
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Dokumen “{document.title}” telah diunggah.")
            return redirect("agreements:detail", pk=agreement.pk)
    messages.error(request, f"Dokumen tidak diunggah: {_form_errors_text(form)}")
    return _render_detail(request, pk, status, document_form=form)


@login_required
@require_POST
def agreement_renew(request, pk: int):
    roles.require_staf(request.user)
    old = get_object_or_404(Agreement, pk=pk)
    try:
        new = services.agreement_renew(agreement_id=old.pk, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:detail", pk=old.pk)
    messages.success(
        request,
        f"Perpanjangan {new.number} dibuat dari {old.number}. Lengkapi datanya lalu lanjutkan "
        "tahapannya.",
    )
    return redirect("agreements:detail", pk=new.pk)


@login_required
@require_POST
def agreement_condition(request, pk: int):
    """Confirm (or withdraw) one PP Ps. 27 condition from the detail page."""
    agreement = _staf_agreement(request, pk)
    code = request.POST.get("code", "")
    try:
        services.condition_record(
            agreement_id=agreement.pk,
            code=code,
            confirmed=request.POST.get("confirmed") == "on",
            note=(request.POST.get("note") or "")[:5000],
            user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, pk, 400)
    messages.success(request, "Syarat PP 28/2018 Ps. 27 telah dicatat.")
    return redirect(reverse("agreements:detail", args=[agreement.pk]) + "#judul-syarat")
