from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app and e-mail notifications: reminders and the daily job that sends them."""

    name = "notifications"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        # The agreement page reads the navbar's unread count in its own statement.
        from agreements.page_rows import register_page_value

        from .reminders import UNREAD_SQL

        register_page_value("unread_notifications", UNREAD_SQL, lambda user: [user.pk])
