"""Project-level views: API token, health check, error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .auth import token_for
from .errors import DomainError


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class InvalidCredentials(DomainError):
    status_code = 400
    code = "invalid_credentials"
    default_message = "Nama pengguna atau kata sandi salah."


class TokenObtainApi(APIView):
    """POST {"username", "password"} -> {"token"}."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(
            error_messages={
                "required": "Nama pengguna wajib diisi.",
                "blank": "Nama pengguna wajib diisi.",
            }
        )
        password = serializers.CharField(
            trim_whitespace=False,
            style={"input_type": "password"},
            error_messages={
                "required": "Kata sandi wajib diisi.",
                "blank": "Kata sandi wajib diisi.",
            },
        )

    @extend_schema(
        request=InputSerializer,
        responses={200: inline_serializer("TokenOutput", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise InvalidCredentials()
        return Response({"token": token_for(user).key})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


API_ERRORS = {
    400: ("Permintaan tidak valid.", "bad_request"),
    403: ("Anda tidak berhak melakukan tindakan ini.", "permission_denied"),
    404: ("Alamat API tidak ditemukan. Lihat /api/docs/ untuk daftar alamat.", "not_found"),
    500: (
        "Terjadi kesalahan pada server. Coba lagi beberapa saat lagi; bila berulang, hubungi "
        "administrator.",
        "server_error",
    ),
}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int) -> JsonResponse:
    detail, code = API_ERRORS[status]
    return JsonResponse({"detail": detail, "code": code}, status=status)


def error_400(request, exception=None):
    if _is_api(request):
        return _api_error(400)
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    if _is_api(request):
        return _api_error(403)
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    if _is_api(request):
        return _api_error(404)
    return render(request, "errors/404.html", status=404)


def error_500(request):
    """{"detail", "code"} under /api/; else the page, rendered without touching the database.

    No request context: the context processors (roles, notifications) and the session-backed
    user would query the database, which may be the very thing that failed.
    """
    if _is_api(request):
        return _api_error(500)
    context = {
        "PEMDA_NAME": settings.KERJASAMA_PEMDA_NAME,
        "UNIT_NAME": settings.KERJASAMA_UNIT_NAME,
    }
    return HttpResponseServerError(render_to_string("errors/500.html", context))


CSRF_MESSAGE = (
    "Pemeriksaan keamanan formulir (CSRF) gagal: token tidak ada atau tidak cocok. Muat ulang "
    "halaman lalu kirim kembali."
)


def csrf_failure(request, reason=""):
    if _is_api(request):
        return JsonResponse({"detail": CSRF_MESSAGE, "code": "csrf_failed"}, status=403)
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason)


LOCKOUT_MESSAGE = (
    "Terlalu banyak percobaan masuk yang gagal. Masuk dengan akun ini dari alamat Anda dikunci "
    "sementara selama 30 menit; coba lagi nanti atau hubungi administrator."
)


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked login: {"detail", "code"} under /api/, else the page."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": LOCKOUT_MESSAGE, "code": "login_locked"}, status=429)
    else:
        response = render(request, "registration/lockout.html", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
    return response
