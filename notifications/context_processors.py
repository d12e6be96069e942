"""The unread count of the navbar bell."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request):
    """Unread notification count for the navbar bell: lazy, one query, none for anonymous."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
