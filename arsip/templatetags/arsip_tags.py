"""{% document_signature_status document %}: the TTE status of one document, for detail pages.

The first call on a page loads the status of every document of the same agreement (two queries),
so a list of documents costs the same whatever its length.
"""

from __future__ import annotations

from django import template

from arsip.selectors import document_statuses

register = template.Library()


@register.inclusion_tag("arsip/document_status.html", takes_context=True)
def document_signature_status(context, document):
    # Kept on the request: an {% include %} per row gets a fresh render_context each time.
    request = context.get("request")
    if request is not None:
        cache = request.__dict__.setdefault("_arsip_document_statuses", {})
    else:
        cache = context.render_context.setdefault("arsip_document_statuses", {})
    agreement_id = document.agreement_id
    if agreement_id not in cache:
        cache[agreement_id] = document_statuses(agreement_id=agreement_id)
    status = cache[agreement_id].get(document.pk)
    return {
        "document": document,
        "analysis": status.analysis if status else None,
        "signatures": status.signatures if status else [],
    }
