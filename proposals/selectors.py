"""Every read of proposals: the queue, counts, the proposer's view, look-alike partners, figures."""

from __future__ import annotations

import difflib
import re
import statistics
import unicodedata
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear

from agreements.models import Partner
from kerjasama.baked import BakedQuery

from .choices import FINAL_STATUSES, OPEN_STATUSES, ProposalStatus
from .models import Proposal

#: Words that say nothing about who a partner is.
STOPWORDS = {
    "pt",
    "tbk",
    "cv",
    "persero",
    "the",
    "of",
    "and",
    "dan",
    "kabupaten",
    "kota",
    "pemerintah",
    "provinsi",
    "pemkab",
    "pemkot",
    "pemprov",
    "ud",
    "yayasan",
}


def proposal_queue(filters: dict[str, Any] | None = None) -> QuerySet[Proposal]:
    filters = filters or {}
    qs = Proposal.objects.select_related("region", "agreement").annotate(
        n_attachments=Count("attachments")
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("proposer_type"):
        qs = qs.filter(proposer_type=filters["proposer_type"])
    if filters.get("year"):
        qs = qs.filter(submitted_at__year=filters["year"])
    q = (filters.get("search") or "").replace("\x00", "").strip()[:200]
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(proposer_name__icontains=q) | Q(tracking_code__icontains=q)
        )
    return qs.order_by("-submitted_at", "-id")


def proposal_status_counts() -> dict[str, int]:
    rows = dict(Proposal.objects.values_list("status").annotate(n=Count("id")))
    counts = {status: rows.get(status, 0) for status in ProposalStatus.values}
    counts["menunggu"] = sum(counts[s] for s in OPEN_STATUSES)
    counts["total"] = sum(rows.values())
    return counts


def proposal_detail_qs() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "region", "agreement", "partner", "decided_by"
    ).prefetch_related("attachments", "events__user")


def _for_agreement(agreement_id: int) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(agreement_id=agreement_id)
    return proposals if proposals.ordered else proposals.order_by("pk")  # as .first() orders


#: Composed once per process (kerjasama.baked): the agreement page reads it on every visit.
_FOR_AGREEMENT = BakedQuery(_for_agreement)


#: The id of the proposal an agreement `a` came from, as one more value of the agreement page's
#: statement (agreements.page_rows.register_page_value, registered in apps.ready).
ORIGIN_SQL = (
    f"(SELECT p.id FROM {Proposal._meta.db_table} p"  # noqa: S608 - model metadata
    " WHERE p.agreement_id = a.id)"  # one-to-one: at most one
)


def proposal_for_agreement(agreement_id: int, known_id=...) -> Proposal | None:
    """The proposal the agreement came from (with its attachments), if any. `known_id`: the
    proposal's id (None: none) when the page's statement already read it (ORIGIN_SQL)."""
    if known_id is None:
        return None
    found = _FOR_AGREEMENT.rows("first", (agreement_id,), limit=1)
    prefetch_related_objects(found, "attachments")
    return found[0] if found else None


def proposal_by_code(code: str) -> Proposal | None:
    """The proposer's own proposal; "" (not a valid code) finds nothing."""
    if not code:
        return None
    return Proposal.objects.filter(tracking_code=code).first()


def proposal_public_view(proposal: Proposal) -> dict[str, Any]:
    """All a proposer ever sees: API.md's five fields."""
    return {
        "tracking_code": proposal.tracking_code,
        "title": proposal.title,
        "status": proposal.status,
        "status_note": proposal.status_note,
        "updated_at": proposal.updated_at,
    }


# --------------------------------------------------------------------------- partners


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in STOPWORDS]
    return " ".join(words)


def partner_exact_match(name: str, partner_type: str) -> Partner | None:
    key = name_key(name)
    if not key:
        return None
    for partner in Partner.objects.filter(partner_type=partner_type).only("id", "name"):
        if name_key(partner.name) == key:
            return Partner.objects.get(pk=partner.pk)
    return None


def partner_lookalikes(name: str, partner_type: str | None = None, limit: int = 5) -> list[dict]:
    """Existing partners whose names look like `name`, best first, with a score 0–100."""
    key = name_key(name)
    if not key:
        return []
    tokens = [t for t in key.split() if len(t) >= 3] or key.split()
    condition = Q()
    for token in tokens[:8]:
        condition |= Q(name__icontains=token)
    qs = Partner.objects.filter(condition).select_related("region")
    if partner_type:
        qs = qs.filter(partner_type=partner_type)
    wanted = set(key.split())
    scored = []
    for partner in qs[:500]:
        other = name_key(partner.name)
        ratio = difflib.SequenceMatcher(None, key, other).ratio()
        words = set(other.split())
        overlap = len(wanted & words) / len(wanted | words) if words else 0
        score = max(ratio, overlap)
        if score >= 0.5:
            scored.append({"partner": partner, "score": round(score * 100), "exact": other == key})
    scored.sort(key=lambda s: (-s["exact"], -s["score"], s["partner"].name))
    return scored[:limit]


# --------------------------------------------------------------------------- figures


class _Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5) over an interval."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _decided_per_year() -> dict[int, dict[str, Any]]:
    duration = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    decided = (
        Proposal.objects.filter(status__in=FINAL_STATUSES, decided_at__isnull=False)
        .annotate(year=ExtractYear("decided_at"))
        .values("year")
    )
    counts = decided.annotate(
        decided=Count("id"),
        accepted=Count("id", filter=Q(status=ProposalStatus.DITERIMA)),
        rejected=Count("id", filter=Q(status=ProposalStatus.DITOLAK)),
    )
    rows = {r["year"]: {**r, "median": None} for r in counts}
    if connection.vendor == "postgresql":
        for r in decided.annotate(median=_Median(duration)):
            rows[r["year"]]["median"] = r["median"]
    else:  # SQLite has no percentile: the median of the (few) durations of each year
        per_year: dict[int, list] = {}
        for year, value in decided.annotate(d=duration).values_list("year", "d"):
            per_year.setdefault(year, []).append(value)
        for year, values in per_year.items():
            rows[year]["median"] = statistics.median(values)
    return rows


def proposal_figures_by_year() -> list[dict[str, Any]]:
    """Per year: received, decided (diterima/ditolak), accepted, rejected, median days to decide.

    A proposal counts as received in the year it was submitted and as decided in the year of its
    final decision; the median is over the proposals decided in that year (years in local time).
    """
    received = dict(
        Proposal.objects.annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    decided = _decided_per_year()
    result = []
    for year in sorted(set(received) | set(decided), reverse=True):
        d = decided.get(year, {})
        median = d.get("median")
        result.append(
            {
                "year": year,
                "received": received.get(year, 0),
                "decided": d.get("decided", 0),
                "accepted": d.get("accepted", 0),
                "rejected": d.get("rejected", 0),
                "median_days": round(median.total_seconds() / 86400, 1)
                if median is not None
                else None,
            }
        )
    return result
