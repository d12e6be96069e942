"""Day-to-day operations pages: import of the old register, notifications, renewal."""

app_name = "ops"

urlpatterns: list = []
