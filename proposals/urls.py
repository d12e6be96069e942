"""Pages of proposals: public /usulan/ (no login) and the staff queue /usulan-masuk/."""

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("usulan/", views.submit, name="submit"),
    path("usulan/terkirim/", views.submitted, name="submitted"),
    path("usulan/lacak/", views.track, name="track"),
    path("usulan/lacak/perbaikan/", views.revise, name="revise"),
    path("usulan-masuk/", views.queue, name="queue"),
    path("usulan-masuk/<int:pk>/", views.detail, name="detail"),
    path("usulan-masuk/<int:pk>/kaji/", views.start_review, name="start_review"),
    path("usulan-masuk/<int:pk>/keputusan/", views.decide, name="decide"),
    path(
        "usulan-masuk/<int:pk>/lampiran/<int:attachment_id>/unduh/",
        views.attachment_download,
        name="attachment_download",
    ),
]
