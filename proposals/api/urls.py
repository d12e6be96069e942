from django.urls import path

from . import views

urlpatterns = [
    path("public/proposals/", views.PublicProposalCreateApi.as_view(), name="api-public-proposals"),
    path(
        "public/proposals/<str:tracking_code>/",
        views.PublicProposalStatusApi.as_view(),
        name="api-public-proposal-status",
    ),
    path("proposals/", views.ProposalListApi.as_view(), name="api-proposals"),
    path("proposals/<int:pk>/", views.ProposalDetailApi.as_view(), name="api-proposal-detail"),
    path(
        "proposals/<int:pk>/review/", views.ProposalReviewApi.as_view(), name="api-proposal-review"
    ),
]
