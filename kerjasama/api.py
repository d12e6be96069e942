"""Shared API plumbing: cursor pagination and the {"detail", "code"} error shape."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError

MESSAGES = {
    "not_authenticated": "Anda belum masuk. Sertakan token atau masuk terlebih dahulu.",
    "authentication_failed": "Kredensial tidak valid.",
    "permission_denied": "Anda tidak berhak melakukan tindakan ini.",
    "not_found": "Data tidak ditemukan.",
    "method_not_allowed": "Metode tidak diizinkan.",
    "not_acceptable": "Format yang diminta tidak tersedia.",
    "unsupported_media_type": "Jenis isi permintaan tidak didukung.",
    "throttled": "Terlalu banyak permintaan. Coba lagi nanti.",
    "parse_error": "Isi permintaan tidak dapat dibaca (JSON tidak valid).",
    "invalid": "Data tidak valid. Periksa isian yang ditandai.",
}


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
    invalid_cursor_message = "Kursor halaman tidak valid."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            return self.page_size
        return max(1, min(value, self.max_page_size))


class AscendingCursorPagination(CursorPagination):
    ordering = "id"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        body.update(exc.extra)
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"detail": MESSAGES["invalid"], "code": "invalid", **data}
        return response
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        detail = (
            exc.detail if isinstance(exc.detail, str) else MESSAGES.get(code, "Terjadi kesalahan.")
        )
        # DRF's stock English sentences are replaced by Indonesian ones.
        if code in MESSAGES and str(detail) == str(type(exc).default_detail):
            detail = MESSAGES[code]
        response.data = {"detail": str(detail), "code": code}
        if response.status_code == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = 'Token realm="api"'
    return response
