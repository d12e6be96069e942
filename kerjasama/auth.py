"""API tokens that expire and die with a password change; a login throttle per address.

- ExpiringTokenAuthentication: a token older than API_TOKEN_TTL_DAYS (default 30) is refused
  with 401 "token_expired"; POST /api/auth/token/ then issues a new one.
- A password change (any path: the page, the admin, `changepassword`) deletes the user's tokens.
- IpSprayGuardBackend: django-axes locks a username + address pair after 5 failures; spraying
  one password over many usernames from one address is stopped by counting that address's
  failures over all usernames (AXES_IP_FAILURE_LIMIT in the cool-off window).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .baked import raw_rows

TOKEN_EXPIRED = "Token kedaluwarsa. Minta token baru melalui POST /api/auth/token/."  # noqa: S105


def token_ttl() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "API_TOKEN_TTL_DAYS", 30))


def expiry_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """A token created at or before this moment has expired."""
    return (now or timezone.now()) - token_ttl()


def token_expired(token, now: dt.datetime | None = None) -> bool:
    return token.created <= expiry_cutoff(now)


def token_for(user):
    """The user's valid token; an expired one is replaced by a new key."""
    from rest_framework.authtoken.models import Token

    token, created = Token.objects.get_or_create(user=user)
    if not created and token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = TOKEN_EXPIRED
    default_code = "token_expired"


#: The names of the groups of the user `u`: one subquery (three EXISTS, one per role, took
#: 0.15 ms longer at 1M agreements, benchmarks/README.md F15); a list on PostgreSQL, JSON text
#: elsewhere.
GROUP_NAMES_SQL = {
    "postgresql": "ARRAY(SELECT g.name FROM auth_user_groups ug JOIN auth_group g"
    " ON g.id = ug.group_id WHERE ug.user_id = u.id) AS group_names",
    "sqlite": "(SELECT json_group_array(g.name) FROM auth_user_groups ug JOIN auth_group g"
    " ON g.id = ug.group_id WHERE ug.user_id = u.id) AS group_names",
}


@cache
def user_sql(vendor: str, by_token: bool) -> str:
    """A token's user (with whether the token has expired) or a session's user (by id), each
    with the names of the user's groups."""
    groups = GROUP_NAMES_SQL[vendor]
    if by_token:
        return (
            f"SELECT u.*, t.created <= %s AS token_expired, {groups}"  # noqa: S608 - constants
            " FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id WHERE t.key = %s"
        )
    return f"SELECT u.*, {groups} FROM auth_user u WHERE u.id = %s"  # noqa: S608 - constants


def _keep_roles(user) -> None:
    """Cache the group names read with the user (kerjasama.roles.role_names reads them)."""
    names = user.group_names
    user._role_names = frozenset(json.loads(names) if isinstance(names, str) else names)
    del user.group_names


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token check, in one statement: the token, its user and the user's roles.

    DRF reads the token with its user, then the permission check reads the user's groups: two
    round trips on every API call. Here one SELECT (`user_sql`) returns the user row, whether
    the token has expired and the names of the user's groups; the roles are cached on the user
    (`kerjasama.roles.role_names`), so the permission check reads nothing. Raw SQL because this
    runs on every API request and the ORM spends longer composing three EXISTS subqueries than
    the database spends answering them (benchmarks/README.md, F10). `request.auth` is the token
    (key and user).
    """

    def authenticate_credentials(self, key):
        from django.contrib.auth.models import User
        from rest_framework.authtoken.models import Token

        sql = user_sql(connection.vendor, by_token=True)
        found = raw_rows(User, sql, [expiry_cutoff(), key])
        if not found:
            raise exceptions.AuthenticationFailed("Token tidak valid.")
        user = found[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed("Pengguna tidak aktif atau telah dihapus.")
        if user.token_expired:
            raise TokenExpired()
        _keep_roles(user)
        return user, Token(key=key, user=user)


class RoleModelBackend(ModelBackend):
    """Django's ModelBackend; the session's user is read with its roles in one statement.

    Every page reads the logged-in user, then the role guard reads the user's groups; here one
    SELECT (`user_sql`) does both, as the token check does for the API.
    """

    def get_user(self, user_id):
        from django.contrib.auth.models import User

        found = raw_rows(User, user_sql(connection.vendor, by_token=False), [user_id])
        if not found or not self.user_can_authenticate(found[0]):
            return None
        _keep_roles(found[0])
        return found[0]


def revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of the user model: a new password hash deletes every API token of the user."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    from rest_framework.authtoken.models import Token

    old = type(instance).objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()


def ip_failures(ip_address: str | None) -> int:
    """Failed logins from one address, over every username, in the cool-off window."""
    if not ip_address:
        return 0
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


class IpSprayGuardBackend:
    """First backend: refuses every login from an address with too many recent failures.

    No base class on purpose: without get_user() it is never the backend a session is bound to
    (force_login and existing sessions keep ModelBackend).

    PermissionDenied stops authenticate() for all backends; request.axes_locked_out makes
    django-axes' middleware answer with the lockout response (429, JSON under /api/).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not getattr(settings, "AXES_ENABLED", True):
            return None
        from axes.helpers import get_client_ip_address

        limit = int(getattr(settings, "AXES_IP_FAILURE_LIMIT", 20))
        if ip_failures(get_client_ip_address(request)) >= limit:
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise PermissionDenied
        return None
