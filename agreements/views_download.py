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


@require_GET
@login_required
def document_download(request, agreement_id: int, document_id: int):
    """Readers (staf, Sekda, superuser) and DPRD for agreements visible to them."""
    roles.require_reader_or_dprd(request.user)
    agreement = get_object_or_404(selectors.agreement_visible_to(request.user), pk=agreement_id)
    document = get_object_or_404(Document, pk=document_id, agreement=agreement)
    if not roles.is_reader(request.user) and not selectors.dprd_may_download(agreement, document):
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
