"""Public register and open data (no login): /publik/."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.register, name="register"),
    path("data.json", public_views.data_json, name="data_json"),
    path("data.csv", public_views.data_csv, name="data_csv"),
]
