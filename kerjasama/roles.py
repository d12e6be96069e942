"""Roles are Django groups with the exact names of API.md, created by a data migration."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

STAF = "staf_kerja_sama"
SEKDA = "sekda"
DPRD = "dprd"
ROLES = (STAF, SEKDA, DPRD)
ROLE_LABELS = {STAF: "Staf Kerja Sama", SEKDA: "Sekretaris Daerah", DPRD: "Anggota DPRD"}


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_staf(user) -> bool:
    return user.is_authenticated and (user.is_superuser or STAF in role_names(user))


def is_reader(user) -> bool:
    """May read everything (staf, sekda, superuser)."""
    return user.is_authenticated and (user.is_superuser or bool({STAF, SEKDA} & role_names(user)))


def is_dprd(user) -> bool:
    return user.is_authenticated and DPRD in role_names(user) and not is_reader(user)


def may_see_agreements(user) -> bool:
    """Readers see every agreement; DPRD members those that need or needed its approval."""
    return is_reader(user) or is_dprd(user)


def primary_role(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "superuser"
    names = role_names(user)
    for role in ROLES:
        if role in names:
            return role
    return None


class IsStafOrReadOnlyReader(BasePermission):
    """Staf write; Sekda (and staf) read; everybody else 403."""

    message = "Anda tidak berhak mengakses data ini."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return is_reader(request.user)
        return is_staf(request.user)


class IsReader(BasePermission):
    message = "Anda tidak berhak mengakses data ini."

    def has_permission(self, request, view) -> bool:
        return is_reader(request.user)


class IsReaderOrDprd(BasePermission):
    """Readers, and DPRD members (what they see is narrowed by the selectors)."""

    message = "Anda tidak berhak mengakses data ini."

    def has_permission(self, request, view) -> bool:
        return may_see_agreements(request.user)


class IsStaf(BasePermission):
    message = "Hanya staf kerja sama yang boleh melakukan tindakan ini."

    def has_permission(self, request, view) -> bool:
        return is_staf(request.user)


def require_reader(user) -> None:
    """HTML views: 403 unless the user may read everything (staf, sekda, superuser)."""
    if not is_reader(user):
        raise PermissionDenied("Halaman ini hanya untuk staf kerja sama dan Sekda.")


def require_reader_or_dprd(user) -> None:
    """HTML views: 403 unless the user may see agreements (readers, DPRD members)."""
    if not may_see_agreements(user):
        raise PermissionDenied


def require_staf(user) -> None:
    """HTML views: 403 unless the user may write (staf, superuser)."""
    if not is_staf(user):
        raise PermissionDenied("Hanya staf kerja sama yang boleh melakukan tindakan ini.")


def _guarded(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            check(request.user)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: View decorators: log in first, then the role guard above (403 otherwise).
reader_required = _guarded(require_reader)
staf_required = _guarded(require_staf)
