"""Import of the old register: upload, dry run, confirm or cancel, and the template.

Thin views: the importer decides; these translate HTTP and keep the upload between the dry run
and the confirmation (in storage, named in the session, a day at most).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kerjasama import roles
from kerjasama.spreadsheet import XLSX_CONTENT_TYPE

from . import importer
from .forms import ImportForm

UPLOAD_DIR = "impor"
UPLOAD_SESSION_KEY = "impor_berkas"
UPLOAD_MAX_AGE = dt.timedelta(hours=24)
RESULT_SESSION_KEY = "impor_hasil"
#: The import page links at most this many of the agreements just imported (then the list).
RESULT_LINKS = 100


def _upload_path(upload_id: str) -> str:
    return f"{UPLOAD_DIR}/{upload_id}"


def _remove_stale_uploads() -> None:
    """Uploads whose import was never confirmed are kept a day at most."""
    try:
        _, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - UPLOAD_MAX_AGE
    for name in files:
        path = _upload_path(name)
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _store_upload(request, content: bytes, filename: str) -> str:
    _remove_stale_uploads()
    upload_id = uuid.uuid4().hex
    default_storage.save(_upload_path(upload_id), ContentFile(content))
    uploads = request.session.get(UPLOAD_SESSION_KEY, {})
    uploads[upload_id] = filename
    request.session[UPLOAD_SESSION_KEY] = uploads
    return upload_id


def _session_upload(request, upload_id: str) -> str | None:
    """The original name of an upload of this session, or None (unknown, foreign or invalid)."""
    try:
        upload_id = uuid.UUID(upload_id).hex
    except (TypeError, ValueError):
        return None
    return request.session.get(UPLOAD_SESSION_KEY, {}).get(upload_id)


def _discard_upload(request, upload_id: str) -> None:
    uploads = request.session.get(UPLOAD_SESSION_KEY, {})
    if uploads.pop(upload_id, None) is not None:
        request.session[UPLOAD_SESSION_KEY] = uploads
        default_storage.delete(_upload_path(upload_id))


def _result(request, report, *, upload_id: str = "", status: int = 200):
    return render(
        request,
        "imports/import_result.html",
        {"report": report, "upload_id": upload_id},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    roles.require_staf(request.user)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                report = importer.register_import(content=content, user=request.user, dry_run=True)
            except importer.ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                report.filename = upload.name
                upload_id = ""
                if report.ok and report.new_count:
                    upload_id = _store_upload(request, content, upload.name)
                return _result(request, report, upload_id=upload_id)
        return render(request, "imports/import.html", {"form": form}, status=400)
    # The result of the import just confirmed (shown once): links to the new agreements.
    result = request.session.pop(RESULT_SESSION_KEY, None)
    return render(request, "imports/import.html", {"form": ImportForm(), "result": result})


@login_required
@require_POST
def import_confirm(request):
    roles.require_staf(request.user)
    upload_id = request.POST.get("upload_id", "")
    filename = _session_upload(request, upload_id)
    if filename is None or not default_storage.exists(_upload_path(uuid.UUID(upload_id).hex)):
        messages.error(
            request, "Berkas impor tidak ditemukan atau sudah kedaluwarsa. Unggah ulang berkasnya."
        )
        return redirect("imports:import")
    upload_id = uuid.UUID(upload_id).hex
    with default_storage.open(_upload_path(upload_id), "rb") as handle:
        content = handle.read()
    try:
        report = importer.register_import(content=content, user=request.user)
    except importer.ImportFileError as exc:
        _discard_upload(request, upload_id)
        messages.error(request, exc.message)
        return redirect("imports:import")
    report.filename = filename
    _discard_upload(request, upload_id)
    if not report.done:
        return _result(request, report, status=400)
    messages.success(
        request,
        f"Impor selesai: {report.created} kerja sama dicatat, "
        f"{report.existing_count} baris dilewati karena sudah ada.",
    )
    created = report.created_agreements
    request.session[RESULT_SESSION_KEY] = {
        "agreements": [list(item) for item in created[:RESULT_LINKS]],
        "more": max(0, len(created) - RESULT_LINKS),
    }
    return redirect("imports:import")


@login_required
@require_POST
def import_cancel(request):
    roles.require_staf(request.user)
    upload_id = request.POST.get("upload_id", "")
    if _session_upload(request, upload_id) is not None:
        _discard_upload(request, uuid.UUID(upload_id).hex)
    messages.info(request, "Impor dibatalkan; berkas unggahan telah dihapus.")
    return redirect("imports:import")


@login_required
@require_GET
def import_template(request):
    roles.require_staf(request.user)
    response = HttpResponse(
        importer.template_workbook(),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="templat-impor-kerja-sama.xlsx"'
    return response
