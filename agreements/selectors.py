"""Read queries of the agreements app: visibility by role, lists, details."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kerjasama import roles

from .choices import DprdStatus, Status
from .models import Agreement, Partner


def agreement_visible_to(user) -> QuerySet[Agreement]:
    """Staf, Sekda and superusers see every agreement; DPRD only those needing its approval."""
    qs = Agreement.objects.all()
    if roles.is_reader(user):
        return qs
    if roles.is_dprd(user):
        return qs.filter(dprd_required=True)
    return qs.none()


#: The one rule of "waiting for DPRD": `dprd_status` menunggu (DOMAIN.md 11). Every list and
#: count of waiting agreements (home page, Sekda dashboard, /dprd/, reminders) uses it.
AWAITING_DPRD = Q(status=Status.AKTIF, dprd_status=DprdStatus.MENUNGGU)

#: The one rule of DPRD-packet eligibility: the DPRD decides now or approved it (the packet
#: stays for the record); never after a refusal (the revision is submitted anew) and never for
#: an agreement that needs no approval.
DPRD_PACKET_ALLOWED = Q(
    dprd_required=True, dprd_status__in=(DprdStatus.MENUNGGU, DprdStatus.DISETUJUI)
)


def awaiting_dprd(qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """Agreements waiting for a DPRD decision (AWAITING_DPRD)."""
    return (Agreement.objects.all() if qs is None else qs).filter(AWAITING_DPRD)


def dprd_packet_agreements(qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """Agreements whose DPRD packet may be built and given to the DPRD (DPRD_PACKET_ALLOWED)."""
    return (Agreement.objects.all() if qs is None else qs).filter(DPRD_PACKET_ALLOWED)


def dprd_may_receive_packet(agreement: Agreement) -> bool:
    return dprd_packet_agreements(Agreement.objects.filter(pk=agreement.pk)).exists()


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
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT over every column in the
    # page query and in the paginator's COUNT (benchmarks/README.md, F2).
    partner_links = Agreement.partners.through.objects
    if urusan := filters.get("urusan"):
        qs = qs.filter(
            pk__in=Agreement.urusan.through.objects.filter(urusan_id=urusan).values("agreement_id")
        )
    if partner := filters.get("partner"):
        qs = qs.filter(pk__in=partner_links.filter(partner_id=partner).values("agreement_id"))
    if partner_name := (filters.get("partner_name") or "").strip():
        qs = qs.filter(
            pk__in=partner_links.filter(partner__name__icontains=partner_name).values(
                "agreement_id"
            )
        )
    if year := filters.get("year"):
        qs = qs.filter(facilitated_on__year=year)
    if search := (filters.get("search") or "").strip():
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(number__icontains=search)
            | Q(pk__in=partner_links.filter(partner__name__icontains=search).values("agreement_id"))
        )
    if (days := filters.get("expiring_within_days")) not in (None, ""):
        today = timezone.localdate()
        qs = qs.filter(
            status="aktif", end_date__gte=today, end_date__lte=today + dt.timedelta(days=int(days))
        )
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
    """Agreements visible to `user` for the API; call `agreement_api_attach` on the page rows.

    `allowed_transitions` needs no query per row: it reads the stored `dprd_status`.
    """
    return agreement_visible_to(user)


def agreement_api_attach(agreements: list[Agreement]) -> list[Agreement]:
    """Set `partner_ids` and `urusan_codes` on already paginated rows: two queries in all.

    Plain id lists instead of prefetched model instances: no related manager per row (F1).
    Partner ids follow the partners' names (Partner.Meta.ordering), urusan the codes.
    """
    ids = [agreement.pk for agreement in agreements]
    partners: dict[int, list[int]] = {pk: [] for pk in ids}
    urusan: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        links = Agreement.partners.through.objects.filter(agreement_id__in=ids)
        for agreement_id, partner_id in links.order_by("partner__name", "partner_id").values_list(
            "agreement_id", "partner_id"
        ):
            partners[agreement_id].append(partner_id)
        links = Agreement.urusan.through.objects.filter(agreement_id__in=ids)
        for agreement_id, code in links.order_by("urusan_id").values_list(
            "agreement_id", "urusan_id"
        ):
            urusan[agreement_id].append(code)
    for agreement in agreements:
        agreement.partner_ids = partners[agreement.pk]
        agreement.urusan_codes = urusan[agreement.pk]
    return agreements


def agreement_api_detail(*, user, pk: int) -> Agreement:
    """One agreement as the API shows it (404 when not visible to `user`)."""
    from django.shortcuts import get_object_or_404

    return agreement_api_attach([get_object_or_404(agreement_api_list(user), pk=pk)])[0]


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


# --------------------------------------------------------------------------- PP Ps. 27


def condition_list(agreement: Agreement) -> list[dict]:
    """The PP Ps. 27 conditions of a KSDPL/KSDLL (every code, unrecorded ones unconfirmed);
    empty for the kinds the conditions do not apply to."""
    from .choices import Ps27Condition
    from .services import conditions_apply

    if not conditions_apply(agreement.kind):
        return []
    rows = {row.code: row for row in agreement.conditions.select_related("user")}
    result = []
    for condition in Ps27Condition:
        row = rows.get(condition.value)
        confirmed = bool(row and row.confirmed)
        user = row.user if confirmed else None
        result.append(
            {
                "code": condition.value,
                "label": condition.label,
                "confirmed": confirmed,
                "user": user.username if user else None,
                "user_name": (user.get_full_name() or user.username) if user else "",
                "confirmed_at": row.confirmed_at if confirmed else None,
                "note": row.note if row else "",
            }
        )
    return result
