"""Reads of the arsip app: full-text search over agreements and document text, status per document.

PostgreSQL: documents are matched with the generated `search_vector` column (migration 0002,
'simple' configuration, GIN index) and snippets come from ts_headline; names use `icontains`,
which the pg_trgm indexes serve. SQLite: `icontains` everywhere and snippets built in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agreements.models import Agreement, Document, Naskah, Partner
from agreements.selectors import agreement_visible_to

from .models import DocumentAnalysis, DocumentSignature, DocumentText

MAX_QUERY_CHARS = 200
SNIPPETS_PER_AGREEMENT = 3
# Sentinels ts_headline puts around hits; the text is escaped, then they become <mark>.
_START, _STOP = "\u27e6", "\u27e7"
_TERMS = re.compile(r'"([^"]+)"|(\S+)')


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def query_clean(raw: str | None) -> str:
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_QUERY_CHARS]


def query_terms(q: str) -> list[str]:
    """Words and "quoted phrases" of a query; `-word` and `or` (websearch syntax) are left out."""
    terms = []
    for phrase, word in _TERMS.findall(q):
        term = (phrase or word).strip().strip('"')
        if not term or term.lower() == "or" or term.startswith("-"):
            continue
        terms.append(term)
    return terms


def highlight(text: str, q: str, *, context: int = 90, whole: bool = False) -> SafeString:
    """Escaped text (a window around the first hit unless `whole`) with hits in <mark>."""
    text = text or ""
    terms = sorted({t.lower() for t in query_terms(q)} | {q.strip('"').lower()}, key=len)
    terms = [t for t in reversed(terms) if t]
    if not terms:
        return escape(text if whole else text[: 2 * context])
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    prefix = suffix = ""
    segment = text
    if not whole:
        first = pattern.search(text)
        if first is None:
            segment = text[: 2 * context]
            suffix = "…" if len(text) > len(segment) else ""
        else:
            start = max(0, first.start() - context)
            end = min(len(text), first.end() + context)
            segment = text[start:end]
            prefix = "…" if start > 0 else ""
            suffix = "…" if end < len(text) else ""
    out: list[str] = []
    position = 0
    for match in pattern.finditer(segment):
        out.append(escape(segment[position : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(escape(segment[position:]))
    return mark_safe(prefix + "".join(out) + suffix)  # every piece is escaped


def _headline_to_html(headline: str) -> SafeString:
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # escaped before the marks


# --------------------------------------------------------------------------- search


def _document_agreements(q: str) -> QuerySet:
    """Agreement ids that have a document whose text matches `q`."""
    if is_postgres():
        matched = RawSQL(
            "SELECT document_id FROM arsip_documenttext "
            "WHERE search_vector @@ websearch_to_tsquery('simple', %s)",
            [q],
        )
        return Document.objects.filter(pk__in=matched).values("agreement_id")
    condition = Q()
    for term in query_terms(q) or [q]:
        condition &= Q(text__icontains=term)
    return DocumentText.objects.filter(condition).values("document__agreement_id")


def search_agreements(*, user, q: str) -> QuerySet[Agreement]:
    """Agreements visible to `user` matching `q` in their fields, partners, naskah or documents."""
    q = query_clean(q)
    if not q:
        return Agreement.objects.none()
    phrase = q.replace('"', "").strip()
    via_partner = Agreement.partners.through.objects.filter(partner__name__icontains=phrase).values(
        "agreement_id"
    )
    via_naskah = Naskah.objects.filter(
        Q(number__icontains=phrase) | Q(title__icontains=phrase)
    ).values("agreement_id")
    condition = (
        Q(title__icontains=phrase)
        | Q(number__icontains=phrase)
        | Q(summary__icontains=phrase)
        | Q(objective__icontains=phrase)
        | Q(scope__icontains=phrase)
        | Q(pk__in=via_partner)
        | Q(pk__in=via_naskah)
        | Q(pk__in=_document_agreements(q))
    )
    return (
        agreement_visible_to(user)
        .filter(condition)
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("id", "name").order_by("name"))
        )
        .order_by("-facilitated_on", "-id")
    )


@dataclass(frozen=True)
class Snippet:
    document_id: int
    title: str
    html: SafeString


def search_snippets(*, q: str, agreement_ids: list[int]) -> dict[int, list[Snippet]]:
    """agreement id -> highlighted passages of its matching documents (one query)."""
    q = query_clean(q)
    found: dict[int, list[Snippet]] = {}
    if not q or not agreement_ids:
        return found
    if is_postgres():
        options = (
            f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, "
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = (
            "SELECT d.id, d.agreement_id, d.title, ts_headline('simple', t.text, query, %s) "
            "FROM arsip_documenttext t "
            "JOIN agreements_document d ON d.id = t.document_id, "
            "websearch_to_tsquery('simple', %s) AS query "
            "WHERE d.agreement_id = ANY(%s) AND t.search_vector @@ query "
            "ORDER BY d.agreement_id, d.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [options, q, list(agreement_ids)])
            rows = [
                (doc_id, agreement_id, title, _headline_to_html(headline))
                for doc_id, agreement_id, title, headline in cursor.fetchall()
            ]
    else:
        condition = Q()
        for term in query_terms(q) or [q]:
            condition &= Q(text__icontains=term)
        rows = [
            (doc_id, agreement_id, title, highlight(text, q))
            for doc_id, agreement_id, title, text in DocumentText.objects.filter(
                condition, document__agreement_id__in=agreement_ids
            )
            .order_by("document__agreement_id", "document_id")
            .values_list("document_id", "document__agreement_id", "document__title", "text")
        ]
    for doc_id, agreement_id, title, html in rows:
        bucket = found.setdefault(agreement_id, [])
        if len(bucket) < SNIPPETS_PER_AGREEMENT:
            bucket.append(Snippet(document_id=doc_id, title=title, html=html))
    return found


# --------------------------------------------------------------------------- document status


@dataclass
class DocumentStatus:
    analysis: DocumentAnalysis | None
    signatures: list[DocumentSignature]


def document_statuses(*, agreement_id: int) -> dict[int, DocumentStatus]:
    """document id -> analysis and signatures, for every document of an agreement (two queries).

    Documents not analysed yet are missing from the dict.
    """
    statuses: dict[int, DocumentStatus] = {
        a.document_id: DocumentStatus(analysis=a, signatures=[])
        for a in DocumentAnalysis.objects.filter(document__agreement_id=agreement_id)
    }
    for sig in DocumentSignature.objects.filter(document__agreement_id=agreement_id):
        if sig.document_id in statuses:
            statuses[sig.document_id].signatures.append(sig)
    return statuses


# --------------------------------------------------------------------------- search page


@dataclass
class SearchHit:
    agreement: Agreement
    title_html: SafeString
    partners_html: list[SafeString]
    field_label: str
    field_html: SafeString | None
    documents: list[Snippet]


_FIELDS = (("summary", "Ringkasan"), ("objective", "Maksud dan tujuan"), ("scope", "Ruang lingkup"))


def search_page(*, user, q: str, page_number, per_page: int = 20):
    """(page, hits) for the search page; constant queries whatever the number of hits."""
    from django.core.paginator import Paginator

    q = query_clean(q)
    page = Paginator(search_agreements(user=user, q=q), per_page).get_page(page_number)
    agreements = list(page.object_list)
    snippets = search_snippets(q=q, agreement_ids=[a.pk for a in agreements])
    phrase = q.replace('"', "").strip().lower()
    hits = []
    for agreement in agreements:
        label, field_html = "", None
        for name, field_label in _FIELDS:
            value = getattr(agreement, name) or ""
            if phrase and phrase in value.lower():
                label, field_html = field_label, highlight(value, q)
                break
        hits.append(
            SearchHit(
                agreement=agreement,
                title_html=highlight(agreement.title, q, whole=True),
                partners_html=[highlight(p.name, q, whole=True) for p in agreement.partners.all()],
                field_label=label,
                field_html=field_html,
                documents=snippets.get(agreement.pk, []),
            )
        )
    return page, hits
