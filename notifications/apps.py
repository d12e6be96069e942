from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app and e-mail notifications: reminders and the daily job that sends them."""

    name = "notifications"
    verbose_name = "Notifikasi"
