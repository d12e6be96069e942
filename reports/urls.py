"""Pages of the reports app: /laporan/, /dprd/."""

app_name = "reports"

urlpatterns: list = []
