"""The notification pages: the user's list, mark one or all as read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import reminders
from .models import Notification


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
        "notifications/list.html",
        {"page": page, "unread": reminders.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    get_object_or_404(Notification, pk=pk, user=request.user)
    reminders.notification_mark_read(user=request.user, notification_id=pk)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = reminders.notification_mark_read(user=request.user)
    messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    return redirect("notifications:list")
