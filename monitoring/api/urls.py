"""/api/monitoring/... (included by kerjasama/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kpi/", views.KpiApi.as_view(), name="api-monitoring-kpi"),
    path("renja/", views.RenjaApi.as_view(), name="api-monitoring-renja"),
    path("targets/", views.TargetListCreateApi.as_view(), name="api-monitoring-targets"),
    path(
        "realisations/",
        views.RealisationListCreateApi.as_view(),
        name="api-monitoring-realisations",
    ),
    path(
        "evaluations/",
        views.EvaluationListCreateApi.as_view(),
        name="api-monitoring-evaluations",
    ),
]
