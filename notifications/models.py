"""Notifications of the registry: in-app rows, also e-mailed once (reminders, automatic endings)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from agreements.models import Agreement


class Notification(models.Model):
    """In-app notification (expiry and deadline reminders). `key` makes each one unique."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=160)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "agreements_notification"  # moved from agreements, table kept
        ordering = ["-id"]
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user_key")
        ]
