from django.urls import path

from . import views

urlpatterns = [
    path("", views.ReportListCreateApi.as_view(), name="api-reports"),
    path("<int:pk>/", views.ReportDetailApi.as_view(), name="api-report-detail"),
]
