"""Staff pages of the agreements app. Thin: forms translate, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from kerjasama import roles
from kerjasama.forms_util import apply_service_errors

from . import services
from .choices import PartnerType
from .forms import PartnerForm
from .models import Partner


def _require_reader(user) -> None:
    if not roles.is_reader(user):
        raise PermissionDenied


def _require_staf(user) -> None:
    if not roles.is_staf(user):
        raise PermissionDenied


@login_required
def partner_list(request):
    _require_reader(request.user)
    qs = Partner.objects.select_related("region").order_by("name", "id")
    q = (request.GET.get("q") or "").strip()
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
    _require_staf(request.user)
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
