"""Public register and open data (no login): /publik/."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.register, name="register"),
    path("data.json", views.data_json, name="data_json"),
    path("data.csv", views.data_csv, name="data_csv"),
]
