from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.RegionListApi.as_view(), name="api-regions"),
    path("urusan/", views.UrusanListApi.as_view(), name="api-urusan"),
    path("partners/", views.PartnerListCreateApi.as_view(), name="api-partners"),
    path("partners/<int:pk>/", views.PartnerDetailApi.as_view(), name="api-partner-detail"),
]
