"""Staff pages of the agreements app (/kerja-sama/, /mitra/)."""

from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/ubah/", views.partner_update, name="partner_update"),
]
