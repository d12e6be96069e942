"""Import of the old register: /impor/."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_page, name="import"),
    path("templat.xlsx", views.import_template, name="import_template"),
    path("jalankan/", views.import_confirm, name="import_confirm"),
    path("batal/", views.import_cancel, name="import_cancel"),
]
