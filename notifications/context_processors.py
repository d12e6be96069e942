"""The unread count of the navbar bell."""

from django.utils.functional import SimpleLazyObject

from .reminders import unread_count


def notifications(request):
    """Unread notification count for the navbar bell: lazy, one query, none for anonymous (a
    page that read it with its own data, `request.page_values`, reads nothing more)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(request, "page_values", {})
    if "unread_notifications" in known:
        return {"unread_notifications": known["unread_notifications"]}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
