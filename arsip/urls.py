"""Pages of the arsip app: /cari/ and /laporan/pengawasan/."""

from django.urls import path

from . import views

app_name = "arsip"

urlpatterns = [
    path("cari/", views.search, name="search"),
    path("laporan/pengawasan/", views.supervisor_index, name="supervisor_index"),
    path("laporan/pengawasan/<int:year>/", views.supervisor_page, name="supervisor"),
    path("laporan/pengawasan/<int:year>.xlsx", views.supervisor_xlsx, name="supervisor_xlsx"),
]
