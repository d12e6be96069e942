"""Public register and open data (no login): /publik/."""

app_name = "public"

urlpatterns: list = []
