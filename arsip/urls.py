"""Pages of the arsip app: /cari/."""

from django.urls import path

from . import views

app_name = "arsip"

urlpatterns = [
    path("cari/", views.search, name="search"),
]
