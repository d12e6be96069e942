from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .forms import LoginForm

admin.site.site_header = "Administrasi Registri Kerja Sama"
admin.site.site_title = "Registri Kerja Sama"

# Prefixed includes first: a request is matched against every pattern before the one that fits,
# and an empty prefix is descended into (the API first: its calls are the most frequent).
api_patterns = [
    path("", include("agreements.api.urls")),
    path("monitoring/", include("monitoring.api.urls")),
    path("reports/", include("reports.api.urls")),
    path("", include("proposals.api.urls")),
    path("auth/token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("api/", include(api_patterns)),
    path("", include("monitoring.urls")),
    path("", include("agreements.urls")),
    path("", include("arsip.urls")),
    path("", include("reports.urls")),
    path("impor/", include("imports.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("publik/", include("public.urls")),
    path("", include("proposals.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("healthz/", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "kerjasama.views.error_400"
handler403 = "kerjasama.views.error_403"
handler404 = "kerjasama.views.error_404"
handler500 = "kerjasama.views.error_500"
