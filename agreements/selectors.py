"""Read queries of the agreements app: visibility by role, lists, details."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
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
