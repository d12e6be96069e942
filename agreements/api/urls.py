from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.RegionListApi.as_view(), name="api-regions"),
    path("urusan/", views.UrusanListApi.as_view(), name="api-urusan"),
    path("partners/", views.PartnerListCreateApi.as_view(), name="api-partners"),
    path("partners/<int:pk>/", views.PartnerDetailApi.as_view(), name="api-partner-detail"),
    path("agreements/", views.AgreementListCreateApi.as_view(), name="api-agreements"),
    path("agreements/<int:pk>/", views.AgreementDetailApi.as_view(), name="api-agreement-detail"),
    path(
        "agreements/<int:pk>/transitions/",
        views.AgreementTransitionApi.as_view(),
        name="api-agreement-transitions",
    ),
    path(
        "agreements/<int:pk>/dprd-decision/",
        views.AgreementDprdDecisionApi.as_view(),
        name="api-agreement-dprd-decision",
    ),
    path(
        "agreements/<int:pk>/conditions/",
        views.AgreementConditionsApi.as_view(),
        name="api-agreement-conditions",
    ),
    path(
        "agreements/<int:pk>/history/",
        views.AgreementHistoryApi.as_view(),
        name="api-agreement-history",
    ),
    path(
        "agreements/<int:pk>/naskah/",
        views.AgreementNaskahApi.as_view(),
        name="api-agreement-naskah",
    ),
    path(
        "agreements/<int:pk>/documents/",
        views.AgreementDocumentsApi.as_view(),
        name="api-agreement-documents",
    ),
]
