"""Day-to-day operations pages: import of the old register, notifications, renewal."""

from django.urls import path

from . import views_ops

app_name = "ops"

urlpatterns = [
    path("impor/", views_ops.import_page, name="import"),
    path("impor/templat.xlsx", views_ops.import_template, name="import_template"),
    path("impor/jalankan/", views_ops.import_confirm, name="import_confirm"),
    path("impor/batal/", views_ops.import_cancel, name="import_cancel"),
    path("notifikasi/", views_ops.notifications, name="notifications"),
    path("notifikasi/dibaca/", views_ops.notifications_read_all, name="notifications_read_all"),
    path("notifikasi/<int:pk>/dibaca/", views_ops.notification_read, name="notification_read"),
    path("kerja-sama/<int:pk>/lanjutkan/", views_ops.agreement_renew, name="agreement_renew"),
]
