"""Read queries of the agreements app: visibility by role, lists, details."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kerjasama import roles

from .models import Agreement, Partner


def agreement_visible_to(user) -> QuerySet[Agreement]:
    """Staf, Sekda and superusers see every agreement; DPRD only those needing its approval."""
    qs = Agreement.objects.all()
    if roles.is_reader(user):
        return qs
    if roles.is_dprd(user):
        return qs.filter(dprd_required=True)
    return qs.none()


def agreement_list(*, user, filters: dict | None = None) -> QuerySet[Agreement]:
    filters = filters or {}
    qs = agreement_visible_to(user).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.only("id", "name", "partner_type")),
        "urusan",
    )
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if urusan := filters.get("urusan"):
        qs = qs.filter(urusan__code=urusan)
    if partner := filters.get("partner"):
        qs = qs.filter(partners__id=partner)
    if year := filters.get("year"):
        qs = qs.filter(facilitated_on__year=year)
    if search := (filters.get("search") or "").strip():
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(number__icontains=search)
            | Q(partners__name__icontains=search)
        )
    if (days := filters.get("expiring_within_days")) not in (None, ""):
        today = timezone.localdate()
        qs = qs.filter(
            status="aktif", end_date__gte=today, end_date__lte=today + dt.timedelta(days=int(days))
        )
    if filters.get("partner") or filters.get("urusan") or filters.get("search"):
        qs = qs.distinct()
    return qs


# --------------------------------------------------------------------------- public register


def public_agreement_list(filters: dict | None = None) -> QuerySet[Agreement]:
    """Non-confidential agreements with a signed KB or PKS (API.md, public register).

    Only public fields are loaded; partners come with their names only. Filters: search
    (title/number/partner), kind, year (a KB/PKS signed in that year), urusan (code), status.
    """
    from .models import Naskah, Urusan

    filters = filters or {}
    signed = Naskah.objects.filter(naskah_type__in=["kb", "pks"])
    qs = (
        Agreement.objects.filter(confidential=False, naskah__naskah_type__in=["kb", "pks"])
        .only(
            "id", "number", "title", "kind", "bidang", "stage", "status",
            "start_date", "end_date",
        )
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("id", "name").order_by("name")),
            Prefetch("urusan", queryset=Urusan.objects.order_by("code")),
            Prefetch(
                "naskah",
                queryset=signed.only("id", "agreement_id", "naskah_type", "signed_on"),
                to_attr="signed_naskah",
            ),
        )
    )  # fmt: skip
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if urusan := filters.get("urusan"):
        qs = qs.filter(urusan__code=urusan)
    if year := filters.get("year"):
        qs = qs.filter(pk__in=signed.filter(signed_on__year=year).values("agreement_id"))
    if search := (filters.get("search") or "").strip():
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(number__icontains=search)
            | Q(pk__in=Partner.objects.filter(name__icontains=search).values("agreements"))
        )
    return qs.distinct()


# --------------------------------------------------------------------------- API


def agreement_api_list(user) -> QuerySet[Agreement]:
    """Agreements visible to `user` with what the API output needs, in a constant query count.

    `dprd_approved` feeds `allowed_transitions` without a query per row.
    """
    from .choices import DprdDecisionValue
    from .models import DprdDecision, Urusan

    approved = DprdDecision.objects.filter(
        agreement=OuterRef("pk"), decision=DprdDecisionValue.DISETUJUI, superseded=False
    )
    return (
        agreement_visible_to(user)
        .annotate(dprd_approved=Exists(approved))
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("id")),
            Prefetch("urusan", queryset=Urusan.objects.only("code")),
        )
    )


# --------------------------------------------------------------------------- staff pages

#: Sort keys of the staff list (?urut=); "stage" sorts by position in the kind's legal order.
AGREEMENT_SORT_FIELDS = ("number", "title", "facilitated_on", "stage", "end_date")


def agreement_sort(qs: QuerySet[Agreement], key: str) -> QuerySet[Agreement]:
    """Order a list by one of AGREEMENT_SORT_FIELDS ("-" prefix: descending); default newest."""
    from django.db.models import Case, F, IntegerField, Value, When

    from . import stages

    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in AGREEMENT_SORT_FIELDS:
        return qs.order_by("-facilitated_on", "-id")
    if name == "stage":
        position = Case(
            *[
                When(kind=kind, stage=stage, then=Value(index))
                for kind, order in stages.SEQUENCE.items()
                for index, stage in enumerate(order)
            ],
            default=Value(100),
            output_field=IntegerField(),
        )
        qs = qs.annotate(stage_position=position)
        name = "stage_position"
    expr = F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
    return qs.order_by(expr, "-id" if descending else "id")


def agreement_detail(*, user, pk: int) -> Agreement:
    """One agreement visible to `user` with everything its page shows (404 when not visible)."""
    from django.contrib.auth import get_user_model
    from django.shortcuts import get_object_or_404

    from .models import Document, DprdDecision, FieldChange, Naskah, StageHistory

    users = get_user_model().objects.only("id", "username", "first_name", "last_name")
    qs = agreement_visible_to(user).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("region").order_by("name")),
        "urusan",
        Prefetch("stage_history", queryset=StageHistory.objects.prefetch_related(
            Prefetch("user", queryset=users)).order_by("id")),
        Prefetch("field_changes", queryset=FieldChange.objects.prefetch_related(
            Prefetch("user", queryset=users)).order_by("id")),
        Prefetch("dprd_decisions", queryset=DprdDecision.objects.order_by("date", "id")),
        Prefetch("documents", queryset=Document.objects.order_by("-uploaded_at", "-id")),
        Prefetch("naskah", queryset=Naskah.objects.select_related("document", "amends")),
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)
