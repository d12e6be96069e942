"""Pages of the monitoring app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from agreements.selectors import agreement_visible_to
from kerjasama import roles


@login_required
def home(request):
    """Dashboard by role: counts of what the user may see, and where to go next."""
    counts = agreement_visible_to(request.user).aggregate(
        total=Count("id"), aktif=Count("id", filter=Q(status="aktif"))
    )
    role_label = roles.ROLE_LABELS.get(roles.primary_role(request.user) or "", "")
    return render(request, "monitoring/home.html", {"counts": counts, "role_label": role_label})
