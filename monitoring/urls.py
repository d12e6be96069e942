"""Pages of the monitoring app: the home dashboard by role (/), /monev/."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
]
