"""Day-to-day operations pages: import of the old register, notifications, renewal.

Thin views: the importer, reminders and services modules decide; these translate HTTP.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kerjasama import roles
from kerjasama.errors import DomainError
from kerjasama.forms_util import BootstrapFormMixin

from . import importer, reminders, services
from .models import Agreement, Notification

UPLOAD_DIR = "impor"
UPLOAD_SESSION_KEY = "impor_berkas"
UPLOAD_MAX_AGE = dt.timedelta(hours=24)
RESULT_SESSION_KEY = "impor_hasil"
#: The import page links at most this many of the agreements just imported (then the list).
RESULT_LINKS = 100


# --------------------------------------------------------------------------- import


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas register (XLSX atau CSV)",
        help_text="Paling besar 10 MB; kolom sesuai templat impor.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (paling besar 10 MB).")
        return upload


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
        "ops/import_result.html",
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
        return render(request, "ops/import.html", {"form": form}, status=400)
    # The result of the import just confirmed (shown once): links to the new agreements.
    result = request.session.pop(RESULT_SESSION_KEY, None)
    return render(request, "ops/import.html", {"form": ImportForm(), "result": result})


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
        return redirect("ops:import")
    upload_id = uuid.UUID(upload_id).hex
    with default_storage.open(_upload_path(upload_id), "rb") as handle:
        content = handle.read()
    try:
        report = importer.register_import(content=content, user=request.user)
    except importer.ImportFileError as exc:
        _discard_upload(request, upload_id)
        messages.error(request, exc.message)
        return redirect("ops:import")
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
    return redirect("ops:import")


@login_required
@require_POST
def import_cancel(request):
    roles.require_staf(request.user)
    upload_id = request.POST.get("upload_id", "")
    if _session_upload(request, upload_id) is not None:
        _discard_upload(request, uuid.UUID(upload_id).hex)
    messages.info(request, "Impor dibatalkan; berkas unggahan telah dihapus.")
    return redirect("ops:import")


@login_required
@require_GET
def import_template(request):
    roles.require_staf(request.user)
    response = HttpResponse(
        importer.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-impor-kerja-sama.xlsx"'
    return response


# --------------------------------------------------------------------------- notifications


@login_required
@require_GET
def notifications(request):
    qs = (
        Notification.objects.filter(user=request.user)
        .select_related("agreement")
        .only(
            "id", "message", "created_at", "read_at", "agreement_id",
            "agreement__number", "agreement__title",
        )
        .order_by("-created_at", "-id")
    )  # fmt: skip
    page = Paginator(qs, 25).get_page(request.GET.get("halaman"))
    return render(
        request,
        "ops/notifications.html",
        {"page": page, "unread": reminders.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    get_object_or_404(Notification, pk=pk, user=request.user)
    reminders.notification_mark_read(user=request.user, notification_id=pk)
    return redirect("ops:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = reminders.notification_mark_read(user=request.user)
    messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    return redirect("ops:notifications")


# --------------------------------------------------------------------------- renewal


@login_required
@require_POST
def agreement_renew(request, pk: int):
    roles.require_staf(request.user)
    old = get_object_or_404(Agreement, pk=pk)
    try:
        new = services.agreement_renew(agreement_id=old.pk, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"/kerja-sama/{old.pk}/")
    messages.success(
        request,
        f"Perpanjangan {new.number} dibuat dari {old.number}. Lengkapi datanya lalu lanjutkan "
        "tahapannya.",
    )
    return redirect(f"/kerja-sama/{new.pk}/")
