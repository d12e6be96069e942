"""Read queries of the agreements app: visibility by role, lists, details."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import BooleanField, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kerjasama import roles
from kerjasama.baked import BakedPage, BakedQuery

from . import rules
from .choices import DprdStatus, Status
from .models import Agreement, Partner, Urusan


def agreement_visibility(user) -> str:
    """Which agreements `user` sees: "all" (staf, Sekda, superusers), "dprd" (DPRD members:
    those needing its approval) or "none"."""
    if roles.is_reader(user):
        return "all"
    return "dprd" if roles.is_dprd(user) else "none"


def agreement_visible_to(user) -> QuerySet[Agreement]:
    """Staf, Sekda and superusers see every agreement; DPRD only those needing its approval."""
    visibility = agreement_visibility(user)
    qs = Agreement.objects.all()
    if visibility == "all":
        return qs
    if visibility == "dprd":
        return qs.filter(dprd_required=True)
    return qs.none()


def partners_visible_to(user) -> QuerySet[Partner]:
    """Partners of the agreements `user` may read (DPRD: those needing its approval)."""
    if roles.is_reader(user):
        return Partner.objects.all()
    return Partner.objects.filter(
        pk__in=Agreement.partners.through.objects.filter(
            agreement__in=agreement_visible_to(user)
        ).values("partner_id")
    )


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


def dprd_may_download(agreement: Agreement, document) -> bool:
    """DPRD gets its packets and nothing else (API.md): a document only once the agreement's
    packet may go to the DPRD (submitted for its approval, or decided), and only a PDF of a
    type the packet attaches. Before that, not even an agreement that will need DPRD."""
    return (
        document.content_type == "application/pdf"
        and document.doc_type in rules.PACKET_DOC_TYPES.get(agreement.kind, ())
        and dprd_may_receive_packet(agreement)
    )


def agreement_list(*, user, filters: dict | None = None) -> QuerySet[Agreement]:
    """The staff list: `agreement_filter` over what `user` may see, partners prefetched."""
    qs = agreement_visible_to(user).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.only("id", "name", "partner_type")),
        "urusan",
    )
    return agreement_filter(qs, filters)


class _InSubquery(Func):
    """`lhs IN (subquery)`; on PostgreSQL `lhs = ANY(ARRAY(subquery))`.

    The array form is computed once (an InitPlan) and is an index condition, so in an OR with
    the trigram conditions the planner may combine all three in one BitmapOr (rare terms) or
    filter an ordered index scan (common terms); `IN (subquery)` inside an OR is a hashed
    filter that forces reading every agreement (benchmarks/README.md, F8).
    """

    output_field = BooleanField()

    def _parts(self, compiler, connection):
        lhs, subquery = self.source_expressions
        lhs_sql, lhs_params = compiler.compile(lhs)
        sub_sql, sub_params = compiler.compile(subquery)
        return lhs_sql, sub_sql, (*lhs_params, *sub_params)

    def as_sql(self, compiler, connection, **extra_context):
        lhs_sql, sub_sql, params = self._parts(compiler, connection)
        return f"{lhs_sql} IN {sub_sql}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        lhs_sql, sub_sql, params = self._parts(compiler, connection)
        return f"{lhs_sql} = ANY(ARRAY{sub_sql})", params


def _search_q(search: str) -> Q:
    """Title, number or a partner's name contains `search` (pg_trgm GIN indexes, migration 0003)."""
    partner_hits = Agreement.partners.through.objects.filter(
        partner_id__in=Partner.objects.filter(name__icontains=search).order_by().values("pk")
    ).values("agreement_id")
    return (
        Q(title__icontains=search)
        | Q(number__icontains=search)
        | Q(_InSubquery(F("pk"), Subquery(partner_hits)))
    )


#: The list's filters whose values go into the SQL as they are (agreement_filter), with types.
VALUE_FILTERS = {
    "kind": str,
    "stage": str,
    "status": str,
    "urusan": str,
    "partner": int,
    "year": int,
    "search": str,
}


def filters_set(filters: dict | None) -> dict:
    """The filters that are set, each value normalised (`agreement_filter` reads only these)."""
    filters = filters or {}
    found = {}
    for name in ("kind", "stage", "status", "urusan"):
        if value := filters.get(name):
            found[name] = value
    if (partner := filters.get("partner")) not in (None, ""):
        found["partner"] = int(partner)
    if partner_name := (filters.get("partner_name") or "").strip():
        found["partner_name"] = partner_name
    if year := filters.get("year"):
        found["year"] = int(year)
    if search := (filters.get("search") or "").strip():
        found["search"] = search
    if (days := filters.get("expiring_within_days")) not in (None, ""):
        found["expiring_within_days"] = int(days)
    return found


def agreement_filter(qs: QuerySet[Agreement], filters: dict | None) -> QuerySet[Agreement]:
    """The list rule of the staff page and of the API (`AgreementFilter`): one place.

    Filters: kind, stage, status, urusan (code), partner (id), partner_name, year (facilitated),
    search (title, number or partner name contains), expiring_within_days (active ones).
    Subqueries rather than joins: no duplicate rows, so no DISTINCT over every column in the
    page query and in the paginator's COUNT (benchmarks/README.md, F2).
    """
    filters = filters_set(filters)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    partner_links = Agreement.partners.through.objects
    if urusan := filters.get("urusan"):
        qs = qs.filter(
            pk__in=Agreement.urusan.through.objects.filter(urusan_id=urusan).values("agreement_id")
        )
    if (partner := filters.get("partner")) is not None:
        if not 0 < partner <= 2_147_483_647:  # no such row: no match, not an error
            return qs.none()
        qs = qs.filter(pk__in=partner_links.filter(partner_id=partner).values("agreement_id"))
    if partner_name := filters.get("partner_name"):
        qs = qs.filter(
            pk__in=partner_links.filter(
                partner_id__in=Partner.objects.filter(name__icontains=partner_name).values("pk")
            ).values("agreement_id")
        )
    if year := filters.get("year"):
        qs = qs.filter(facilitated_on__year=year)
    if search := filters.get("search"):
        qs = qs.filter(_search_q(search))
    if (days := filters.get("expiring_within_days")) is not None:
        today = timezone.localdate()
        qs = qs.filter(
            status="aktif", end_date__gte=today, end_date__lte=today + dt.timedelta(days=days)
        )
    return qs


# --------------------------------------------------------------------------- term and ending


def with_term_end(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Annotate `term_end`: the planned `end_date`, or later when an addendum extended it.

    An addendum (DOMAIN.md: amendment/extension) whose `valid_until` lies after `end_date`
    renews the term; an agreement without `end_date` has no term end (null).
    """
    from .choices import NaskahType
    from .models import Naskah

    extension = (
        Naskah.objects.filter(
            agreement=OuterRef("pk"),
            naskah_type=NaskahType.ADDENDUM,
            valid_until__isnull=False,
        )
        .order_by("-valid_until")
        .values("valid_until")[:1]
    )
    # Coalesce first: SQLite's max() is NULL when any argument is.
    return qs.annotate(term_end=Greatest("end_date", Coalesce(Subquery(extension), "end_date")))


def agreement_term_end(agreement: Agreement) -> dt.date | None:
    return (
        with_term_end(Agreement.objects.filter(pk=agreement.pk))
        .values_list("term_end", flat=True)
        .first()
    )


def agreements_past_term(day: dt.date) -> list[int]:
    """Ids of active agreements whose term ended before `day` (the daily job ends them)."""
    return list(
        with_term_end(Agreement.objects.filter(status="aktif", end_date__isnull=False))
        .filter(term_end__lt=day)
        .order_by("id")
        .values_list("pk", flat=True)
    )


# --------------------------------------------------------------------------- public register


def public_agreement_list(filters: dict | None = None) -> QuerySet[Agreement]:
    """Non-confidential agreements with a signed KB or PKS (API.md, public register).

    Only public fields are loaded; partners come with their names only. Filters: search
    (title/number/partner), kind, year (a KB/PKS signed in that year), urusan (code), status.
    """
    from .models import Naskah

    filters = filters or {}
    signed = Naskah.objects.filter(naskah_type__in=["kb", "pks"])
    qs = (
        Agreement.objects.filter(confidential=False, naskah__naskah_type__in=["kb", "pks"])
        .only(
            "id", "number", "title", "kind", "bidang", "stage", "status",
            "start_date", "end_date", "ended_on", "end_reason",
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
    qs = agreement_visible_to(user)
    if connection.vendor == "postgresql":
        # The page's partner ids and urusan codes as arrays in the page query itself: one round
        # trip instead of three; evaluated for the rows the LIMIT lets through (F10).
        from django.contrib.postgres.expressions import ArraySubquery

        partners = Agreement.partners.through.objects.filter(agreement_id=OuterRef("pk"))
        urusan = Agreement.urusan.through.objects.filter(agreement_id=OuterRef("pk"))
        qs = qs.annotate(
            linked_partner_ids=ArraySubquery(
                partners.order_by("partner__name", "partner_id").values("partner_id")
            ),
            linked_urusan_codes=ArraySubquery(urusan.order_by("urusan_id").values("urusan_id")),
        )
    return qs


def agreement_api_attach(agreements: list[Agreement]) -> list[Agreement]:
    """Set `partner_ids` and `urusan_codes` on already paginated rows: two queries in all.

    On PostgreSQL `agreement_api_list` already carried them as arrays: no query.

    Plain id lists instead of prefetched model instances: no related manager per row (F1).
    Partner ids follow the partners' names (Partner.Meta.ordering), urusan the codes.
    """
    if all(hasattr(a, "linked_partner_ids") for a in agreements):  # PostgreSQL: no query
        for agreement in agreements:
            agreement.partner_ids = agreement.linked_partner_ids
            agreement.urusan_codes = agreement.linked_urusan_codes
        return agreements
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


#: The API list's page query per shape (visibility, which filters are set, ordering, cursor
#: comparison), composed once per process (kerjasama.baked, F15). Bounded: at most
#: 3 x 2^7 x 2 x 3 shapes.
_API_PAGES: dict[tuple, BakedQuery] = {}


def agreement_api_page(user, filters: dict | None) -> BakedPage | QuerySet[Agreement]:
    """The API list's rows for DRF's cursor pagination: `agreement_filter` over
    `agreement_api_list`, read by a query composed once per shape, the values as parameters.

    `expiring_within_days` counts from today: with it the queryset is composed as usual.
    """
    found = filters_set(filters)
    if set(found) - set(VALUE_FILTERS):
        return agreement_filter(agreement_api_list(user), found)
    names = tuple(name for name in VALUE_FILTERS if name in found)
    visibility = agreement_visibility(user)

    def shape(ordering: tuple[str, ...], compare: str | None) -> BakedQuery:
        key = (visibility, names, ordering, compare)
        if key not in _API_PAGES:

            def build(*markers):
                values = dict(zip(names, markers, strict=False))
                qs = agreement_filter(agreement_api_list(user), values).order_by(*ordering)
                if compare is not None:
                    qs = qs.filter(**{f"{ordering[0].lstrip('-')}__{compare}": markers[-1]})
                return qs

            types = tuple(VALUE_FILTERS[name] for name in names)
            _API_PAGES[key] = BakedQuery(build, markers=types + ((int,) if compare else ()))
        return _API_PAGES[key]

    return BakedPage(shape, tuple(found[name] for name in names))


#: The API detail's query per visibility, composed once per process (kerjasama.baked, F13).
_API_DETAIL = BakedQuery(lambda pk, user: agreement_api_list(user).filter(pk=pk))


def agreement_api_detail(*, user, pk: int) -> Agreement:
    """One agreement as the API shows it (404 when not visible to `user`)."""
    from django.http import Http404

    visibility = agreement_visibility(user)
    found = _API_DETAIL.rows(visibility, (pk,), (user,)) if visibility != "none" else []
    if not found:
        raise Http404
    return agreement_api_attach(found)[0]


# --------------------------------------------------------------------------- staff pages

#: Sort keys of the staff list (?urut=); "stage" sorts by position in the kind's legal order.
AGREEMENT_SORT_FIELDS = ("number", "title", "facilitated_on", "stage", "end_date")


def agreement_sort(qs: QuerySet[Agreement], key: str) -> QuerySet[Agreement]:
    """Order a list by one of AGREEMENT_SORT_FIELDS ("-" prefix: descending); default newest."""
    from django.db.models import Case, F, IntegerField, When

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


def agreement_after(qs: QuerySet[Agreement], facilitated_on: dt.date, pk: int):
    """The rows after (facilitated_on, pk) in the default order, newest first (keyset paging).

    `facilitated_on <= d` is the index condition; the OR drops the rows of that day already
    shown.
    """
    return qs.filter(
        Q(facilitated_on__lte=facilitated_on)
        & (Q(facilitated_on__lt=facilitated_on) | Q(pk__lt=pk))
    )


def agreement_detail(*, user, pk: int, one_statement: bool | None = None) -> Agreement:
    """One agreement visible to `user` with everything its page shows (404 when not visible).

    The related rows are plain lists on the agreement (`page_rows.ROW_LISTS`): partner_rows
    (with region), urusan_rows, history_rows, change_rows, decision_rows, document_rows,
    naskah_rows and condition_rows, each row with its user. On PostgreSQL one statement reads
    them all (`page_rows`, F11); elsewhere, or with `one_statement=False`, the ORM's Prefetch
    queries fill the same lists.
    """
    from django.contrib.auth import get_user_model
    from django.shortcuts import get_object_or_404

    from . import page_rows
    from .models import ConditionCheck, Document, DprdDecision, FieldChange, Naskah, StageHistory

    visible = agreement_visible_to(user)
    if one_statement if one_statement is not None else page_rows.available():
        return page_rows.load(agreement_visibility(user), visible, pk, user)
    users = Prefetch("user", queryset=get_user_model().objects.only(*page_rows.USER_FIELDS))
    uploaders = Prefetch("uploaded_by", queryset=users.queryset)
    creators = Prefetch("created_by", queryset=users.queryset)
    qs = visible.prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("region")
                 .order_by("name", "id"), to_attr="partner_rows"),
        Prefetch("urusan", queryset=Urusan.objects.order_by("code"), to_attr="urusan_rows"),
        Prefetch("stage_history", queryset=StageHistory.objects.prefetch_related(users)
                 .order_by("id"), to_attr="history_rows"),
        Prefetch("field_changes", queryset=FieldChange.objects.prefetch_related(users)
                 .order_by("id"), to_attr="change_rows"),
        Prefetch("dprd_decisions", queryset=DprdDecision.objects.prefetch_related(users)
                 .order_by("date", "id"), to_attr="decision_rows"),
        Prefetch("documents", queryset=Document.objects.prefetch_related(uploaders)
                 .order_by("-uploaded_at", "-id"), to_attr="document_rows"),
        Prefetch("naskah", queryset=Naskah.objects.select_related("document", "amends")
                 .prefetch_related(creators).order_by("id"), to_attr="naskah_rows"),
        Prefetch("conditions", queryset=ConditionCheck.objects.prefetch_related(users)
                 .order_by("id"), to_attr="condition_rows"),
    )  # fmt: skip
    return get_object_or_404(qs, pk=pk)


# --------------------------------------------------------------------------- riwayat

#: Event types of the riwayat timeline (DOMAIN.md 11: one history per agreement).
TIMELINE_TYPES = ("stage", "automatic_end", "dprd_decision", "naskah", "document", "edit")
#: Field changes of one save share a user and lie within this span: one "edit" event.
EDIT_GROUP_SPAN = dt.timedelta(seconds=5)


def _actor(user) -> tuple[str, str | None]:
    if user is None:
        return "sistem", None
    return user.get_full_name() or user.username, user.username


def _event(kind: str, at, user, title: str, *, date=None, details=(), note="", order=0) -> dict:
    """One timeline event; `_order` breaks ties between events of one moment and type."""
    name, username = _actor(user)
    local = timezone.localtime(at) if at else None
    return {"type": kind, "at": local, "date": date or (local.date() if local else None),
            "user": name, "username": username, "title": title, "details": list(details),
            "note": note, "_order": order}  # fmt: skip


def _stage_events(agreement: Agreement) -> list[dict]:
    """Stage moves, the registration and the daily job's automatic endings."""
    from .choices import EndReason, Stage

    events = []
    for row in agreement.history_rows:
        details = []
        if row.skipped:
            details.append("Dilewati: " + ", ".join(Stage(s).label for s in row.skipped))
        if row.reason:
            details.append(f"Alasan: {EndReason(row.reason).label}")
        if row.automatic:
            kind, user = "automatic_end", None
            title = f"Berakhir otomatis: {Stage(row.from_stage).label} → {Stage.SELESAI.label}"
        elif row.from_stage:
            kind, user = "stage", row.user
            title = f"Tahapan: {Stage(row.from_stage).label} → {Stage(row.to_stage).label}"
        else:
            kind, user = "stage", row.user
            title = f"Didaftarkan pada tahapan {Stage(row.to_stage).label}"
        events.append(_event(kind, row.created_at, user, title, date=row.date, details=details,
                             note=row.note, order=row.pk))  # fmt: skip
    return events


def _dprd_events(agreement: Agreement) -> list[dict]:
    from .choices import DprdDecisionValue

    events = []
    for decision in agreement.decision_rows:
        details = [f"Nomor surat: {decision.letter_number}"] if decision.letter_number else []
        if decision.superseded:
            details.append("Tidak berlaku lagi (pengajuan ulang ke DPRD atau revisi substantif)")
        events.append(_event("dprd_decision", decision.created_at, decision.user,
                             f"Keputusan DPRD: {DprdDecisionValue(decision.decision).label}",
                             date=decision.date, details=details, note=decision.note))  # fmt: skip
    return events


def _naskah_events(agreement: Agreement) -> list[dict]:
    from .choices import NaskahType

    events = []
    for naskah in agreement.naskah_rows:
        details = [f"Nomor: {naskah.number}"] if naskah.number else []
        if naskah.document_id:
            details.append(f"Dokumen: {naskah.document.title}")
        events.append(_event("naskah", naskah.created_at, naskah.created_by,
                             f"Naskah ditambahkan: {NaskahType(naskah.naskah_type).label}",
                             date=naskah.signed_on, details=details))  # fmt: skip
    return events


def _document_events(agreement: Agreement) -> list[dict]:
    from .choices import DocType

    return [
        _event("document", document.uploaded_at, document.uploaded_by,
               f"Dokumen diunggah: {document.title}",
               details=[f"Jenis: {DocType(document.doc_type).label}", document.filename])
        for document in agreement.document_rows
    ]  # fmt: skip


def _edit_groups(changes) -> list[list]:
    """Field changes by pk, grouped: one user, each within EDIT_GROUP_SPAN of the one before."""
    groups: list[list] = []
    for change in sorted(changes, key=lambda c: c.pk):
        group = groups[-1] if groups else None
        if group and (
            change.user_id == group[0].user_id
            and change.created_at - group[-1].created_at <= EDIT_GROUP_SPAN
        ):
            group.append(change)
        else:
            groups.append([change])
    return groups


def _edit_events(agreement: Agreement) -> list[dict]:
    """One "edit" event per save: the field changes of one user within a few seconds."""
    labels = {
        f.name: str(f.verbose_name)
        for f in Agreement._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    events = []
    for group in _edit_groups(agreement.change_rows):
        first = group[0]
        names = ", ".join(labels.get(c.field, c.field) for c in group)
        details = [
            f"{labels.get(c.field, c.field)}: “{_short(c.old_value)}” → “{_short(c.new_value)}”"
            for c in group
        ]
        events.append(
            _event("edit", first.created_at, first.user, f"Data diubah: {names}", details=details)
        )
    return events


def agreement_timeline(agreement: Agreement) -> list[dict]:
    """Every recorded event of one agreement, oldest first, each with user, date and time.

    Built from the rows the services write in the same transaction as each change (stage moves,
    DPRD decisions, naskah, documents, field changes; the daily job's automatic endings), so
    nothing is recorded twice and nothing depends on signals. Reads the lists `agreement_detail`
    sets on the agreement (history_rows, decision_rows, ...): no query per event.
    Each event: type (TIMELINE_TYPES), at (local datetime of recording), date (the date the
    event concerns, e.g. a stage move's date), user (name), username, title, details, note.
    """
    events = [
        *_stage_events(agreement),
        *_dprd_events(agreement),
        *_naskah_events(agreement),
        *_document_events(agreement),
        *_edit_events(agreement),
    ]
    rank = {kind: index for index, kind in enumerate(TIMELINE_TYPES)}
    events.sort(key=lambda e: (e["at"], rank[e["type"]], e["_order"]))
    for event in events:
        del event["_order"]
    return events


def _short(value: str, limit: int = 80) -> str:
    value = value or "–"
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --------------------------------------------------------------------------- PP Ps. 27


def condition_list(agreement: Agreement) -> list[dict]:
    """The PP Ps. 27 conditions of a KSDPL/KSDLL (every code, unrecorded ones unconfirmed);
    empty for the kinds the conditions do not apply to."""
    from .choices import Ps27Condition

    if not rules.conditions_apply(agreement.kind):
        return []
    loaded = getattr(agreement, "condition_rows", None)  # agreement_detail read them
    if loaded is None:
        loaded = agreement.conditions.select_related("user")
    rows = {row.code: row for row in loaded}
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
