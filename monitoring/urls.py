"""Pages of the monitoring app: the home dashboard by role (/), /monev/."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("monev/", views.dashboard, name="dashboard"),
    path("monev/renja/<int:year>/", views.renja, name="renja"),
    path("monev/target/", views.targets, name="targets"),
    path("monev/evaluasi/", views.evaluation_list, name="evaluation_list"),
    path("monev/kesimpulan/", views.conclusions, name="conclusions"),
    path(
        "kerja-sama/<int:pk>/evaluasi/baru/",
        views.evaluation_create,
        name="evaluation_create",
    ),
]
