"""Pages of the reports app: /laporan/, /dprd/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("laporan/", views.report_list, name="list"),
    path("laporan/status/", views.report_list_status, name="list_status"),
    path("laporan/monev/", views.monev_request, name="monev_request"),
    path("laporan/pengawas/", views.supervisor_request, name="supervisor_request"),
    path("laporan/pengawasan/", views.supervisor_index, name="supervisor_index"),
    path("laporan/pengawasan/<int:year>/", views.supervisor_page, name="supervisor"),
    path("laporan/pengawasan/<int:year>.xlsx", views.supervisor_xlsx, name="supervisor_xlsx"),
    path("laporan/lembar/<int:agreement_id>/", views.sheet_request, name="sheet_request"),
    path("laporan/<int:job_id>/unduh/", views.report_download, name="download"),
    path("dprd/", views.dprd, name="dprd"),
    path("dprd/<int:agreement_id>/berkas/", views.packet_request, name="packet_request"),
]
