"""The unread count of the navbar bell."""

from django.utils.functional import SimpleLazyObject

from kerjasama.baked import BakedQuery

from .models import Notification

#: Composed once per process (kerjasama.baked): every page's navbar reads it.
_UNREAD = BakedQuery(
    lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).only("id")
)


#: The reader's unread count as one more value of the agreement page's statement
#: (agreements.page_rows.register_page_value, registered in apps.ready).
UNREAD_SQL = (
    f"(SELECT count(*) FROM {Notification._meta.db_table} n"  # noqa: S608 - model metadata
    " WHERE n.user_id = %s AND n.read_at IS NULL)"
)


def notifications(request):
    """Unread notification count for the navbar bell: lazy, one query, none for anonymous (a
    page that read it with its own data, `request.page_values`, reads nothing more)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(request, "page_values", {})
    if "unread_notifications" in known:
        return {"unread_notifications": known["unread_notifications"]}
    return {"unread_notifications": SimpleLazyObject(lambda: _UNREAD.count("unread", (user.pk,)))}
