"""Authorised download of an agreement's document (never served from MEDIA_URL directly)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from kerjasama import roles

from . import selectors
from .models import Document


def dprd_may_download(agreement, document: Document) -> bool:
    """DPRD gets its packets and nothing else (API.md): a document only once the agreement's
    packet may go to the DPRD (submitted for its approval, or decided), and only a PDF of a
    type the packet attaches. Before that, not even an agreement that will need DPRD."""
    from reports.services import PACKET_DOC_TYPES, dprd_may_receive_packet

    return (
        document.content_type == "application/pdf"
        and document.doc_type in PACKET_DOC_TYPES.get(agreement.kind, ())
        and dprd_may_receive_packet(agreement)
    )


@require_GET
@login_required
def document_download(request, agreement_id: int, document_id: int):
    """Readers (staf, Sekda, superuser) and DPRD for agreements visible to them."""
    roles.require_reader_or_dprd(request.user)
    agreement = get_object_or_404(selectors.agreement_visible_to(request.user), pk=agreement_id)
    document = get_object_or_404(Document, pk=document_id, agreement=agreement)
    if not roles.is_reader(request.user) and not dprd_may_download(agreement, document):
        raise PermissionDenied
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
