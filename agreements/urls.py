"""Staff pages of the agreements app (/kerja-sama/, /mitra/)."""

from django.urls import path

from . import views, views_download

app_name = "agreements"

urlpatterns = [
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/ubah/", views.partner_update, name="partner_update"),
    path("kerja-sama/", views.agreement_list, name="list"),
    path("kerja-sama/ekspor.csv", views.agreement_export_csv, name="export_csv"),
    path("kerja-sama/ekspor.xlsx", views.agreement_export_xlsx, name="export_xlsx"),
    path("kerja-sama/baru/", views.agreement_create, name="create"),
    path("kerja-sama/<int:pk>/", views.agreement_detail, name="detail"),
    path("kerja-sama/<int:pk>/ubah/", views.agreement_update, name="update"),
    path("kerja-sama/<int:pk>/tahapan/", views.agreement_transition, name="transition"),
    path("kerja-sama/<int:pk>/dprd/", views.agreement_dprd_decision, name="dprd_decision"),
    path("kerja-sama/<int:pk>/syarat/", views.agreement_condition, name="condition"),
    path("kerja-sama/<int:pk>/naskah/", views.agreement_naskah_create, name="naskah_create"),
    path(
        "kerja-sama/<int:pk>/naskah/formulir/",
        views.agreement_form_part,
        {"part": "naskah"},
        name="naskah_form",
    ),
    path(
        "kerja-sama/<int:pk>/dokumen/formulir/",
        views.agreement_form_part,
        {"part": "document"},
        name="document_form",
    ),
    path("kerja-sama/<int:pk>/dokumen/", views.agreement_document_upload, name="document_upload"),
    path("kerja-sama/<int:pk>/lanjutkan/", views.agreement_renew, name="renew"),
    path(
        "kerja-sama/<int:agreement_id>/dokumen/<int:document_id>/unduh/",
        views_download.document_download,
        name="document_download",
    ),
]
