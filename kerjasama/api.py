"""Shared API plumbing: cursor pagination and the {"detail", "code"} error shape."""

from __future__ import annotations

import copy

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, parsers, status
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
    "too_deep": "Isi permintaan terlalu bertingkat (JSON terlalu dalam) untuk diproses.",
}

#: DRF's English sentences that are not its exceptions' default_detail, in Indonesian.
ENGLISH = {
    "Invalid token.": "Token tidak valid.",
    "User inactive or deleted.": "Pengguna tidak aktif atau telah dihapus.",
    "Invalid token header. No credentials provided.": "Header token tidak valid: tanpa token.",
    "Invalid token header. Token string should not contain spaces.": (
        "Header token tidak valid: token tidak boleh berisi spasi."
    ),
    "Invalid token header. Token string should not contain invalid characters.": (
        "Header token tidak valid: token berisi karakter yang tidak diizinkan."
    ),
    "Invalid username/password.": "Nama pengguna atau kata sandi salah.",
    "Invalid page.": "Halaman tidak valid.",
    "Invalid cursor": "Kursor halaman tidak valid.",
}
CSRF_MESSAGE = (
    "Pemeriksaan keamanan (CSRF) gagal: token CSRF tidak ada atau tidak cocok. Muat ulang "
    "halaman lalu kirim kembali, atau gunakan otentikasi token."
)


class JSONParser(parsers.JSONParser):
    """DRF's parser; JSON nested deeper than Python can recurse is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(MESSAGES["too_deep"]) from None


def _indonesian(exc: exceptions.APIException, code: str, detail: str) -> str:
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = detail.split('"')[1] if detail.count('"') >= 2 else ""
        return f"Metode {method} tidak diizinkan untuk alamat ini.".replace("  ", " ")
    if detail.startswith("CSRF Failed"):
        return CSRF_MESSAGE
    if detail in ENGLISH:
        return ENGLISH[detail]
    if code in MESSAGES and detail == str(type(exc).default_detail):
        return MESSAGES[code]
    return detail


class _ShallowCopies(dict):
    """Filters or form fields that each FilterSet/form instance copies shallowly.

    django-filter deep-copies every filter, and Django every form field, for each request: for
    the agreement list ~0.5 ms of copying choices, widgets and error messages (F15). A query
    string's validation changes none of them (each instance still gets its own filter and
    field objects, with their own `parent` and `model`), so a shallow copy of each is enough.
    """

    def __deepcopy__(self, memo):
        return {name: self.copy_item(item) for name, item in self.items()}

    @staticmethod
    def copy_item(item):
        return copy.copy(item)


class _ShallowFilters(_ShallowCopies):
    @staticmethod
    def copy_item(item):
        item = copy.copy(item)
        if item.method is not None:
            item.method = item.method  # a `method` filter calls it through its own FilterSet
        return item


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet for query strings: the form class is built once per FilterSet
    class, and filters and form fields are copied shallowly for each request (F13, F15).

    django-filter builds a new form class (a metaclass call over every filter's field) for each
    request; the form's instances still get their own copies of the fields, so one class per
    FilterSet is enough (F13: ~0.3 ms of each API list request).
    """

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _ShallowFilters):
            cls.base_filters = _ShallowFilters(cls.base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = _ShallowCopies(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
    invalid_cursor_message = "Kursor halaman tidak valid."

    def decode_cursor(self, request):
        """DRF's cursor; a position that no row of an id ordering can have (a tampered cursor:
        "p=abc", beyond BIGINT) is an invalid cursor (404), not a database error."""
        cursor = super().decode_cursor(request)
        ordering = (self.ordering,) if isinstance(self.ordering, str) else self.ordering
        if (
            cursor is not None
            and cursor.position is not None
            and ordering[0].lstrip("-")
            in (
                "id",
                "pk",
            )
        ):
            try:
                position = int(cursor.position)
            except ValueError:
                position = None
            if position is None or not -(2**63) <= position < 2**63:
                raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor

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
    if isinstance(exc, RecursionError):
        return Response({"detail": MESSAGES["too_deep"], "code": "too_deep"}, status=400)
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
        detail = _indonesian(exc, code, str(detail))
        if detail.startswith(CSRF_MESSAGE[:20]):
            code = "csrf_failed"
        response.data = {"detail": detail, "code": code}
        if response.status_code == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = 'Token realm="api"'
    return response
