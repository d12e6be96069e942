"""Notifications of the logged-in user: /notifikasi/."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications, name="list"),
    path("dibaca/", views.notifications_read_all, name="read_all"),
    path("<int:pk>/dibaca/", views.notification_read, name="read"),
]
