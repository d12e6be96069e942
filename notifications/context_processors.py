"""The unread count of the navbar bell."""

from django.utils.functional import SimpleLazyObject

from kerjasama.baked import BakedQuery

from .models import Notification

#: Composed once per process (kerjasama.baked): every page's navbar reads it.
_UNREAD = BakedQuery(
    lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).only("id")
)


def notifications(request):
    """Unread notification count for the navbar bell: lazy, one query, none for anonymous."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _UNREAD.count("unread", (user.pk,)))}
