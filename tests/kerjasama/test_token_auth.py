"""The API token check reads the token, its user and the user's roles in one statement."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from kerjasama import roles
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_token_user_and_roles_come_in_one_statement(api, sekda):
    agreement = make_agreement()
    response, sql = _get(api(sekda), f"/api/agreements/{agreement.pk}/")
    assert response.status_code == 200
    auth = [s for s in sql if "authtoken_token" in s]
    assert len(auth) == 1
    assert "auth_user_groups" in auth[0]
    # The permission check asks nothing more of the groups.
    assert not [s for s in sql if "auth_user_groups" in s and "authtoken_token" not in s]


@pytest.mark.parametrize(
    ("role", "status"),
    [(roles.STAF, 200), (roles.SEKDA, 200), (None, 403)],
)
def test_roles_read_with_the_token_decide_access(api, django_user_model, role, status):
    user = django_user_model.objects.create_user("pengguna.uji", password="rahasia-uji-123")
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.groups.add(Group.objects.create(name="grup_lain"))  # not a role: no effect
    assert api(user).get("/api/agreements/").status_code == status


def test_dprd_token_is_narrowed_not_a_reader(api, dprd_user):
    hidden = make_agreement()
    assert not hidden.dprd_required
    client = api(dprd_user)
    assert client.get("/api/agreements/").status_code == 200
    assert client.get(f"/api/agreements/{hidden.pk}/").status_code == 404


def test_unknown_and_inactive_tokens_are_401_in_indonesian(api, staf):
    client = api(staf)
    staf.is_active = False
    staf.save(update_fields=["is_active"])
    inactive = client.get("/api/agreements/")
    assert inactive.status_code == 401
    assert inactive.json()["detail"] == "Pengguna tidak aktif atau telah dihapus."
    Token.objects.filter(user=staf).update(key="0" * 40)
    unknown = client.get("/api/agreements/")
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == "Token tidak valid."


def test_the_statement_reads_the_same_groups_as_the_orm(staf, dprd_user, nobody):
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from kerjasama.auth import ExpiringTokenAuthentication, RoleModelBackend

    staf.groups.add(Group.objects.create(name="grup lain"))  # not a role: still a group
    for user in (staf, dprd_user, nobody):
        token, _ = Token.objects.get_or_create(user=user)
        expected = frozenset(user.groups.values_list("name", flat=True))
        by_token, _token = ExpiringTokenAuthentication().authenticate_credentials(token.key)
        by_session = RoleModelBackend().get_user(user.pk)
        assert by_token._role_names == by_session._role_names == expected
        assert not hasattr(by_token, "group_names")
    assert roles.is_staf(RoleModelBackend().get_user(staf.pk))


def test_expired_token_is_refused_by_the_statement(api, staf, settings):
    import datetime as dt

    from django.utils import timezone

    client = api(staf)
    assert client.get("/api/agreements/").status_code == 200
    Token.objects.filter(user=staf).update(created=timezone.now() - dt.timedelta(days=31))
    response = client.get("/api/agreements/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_session_user_and_roles_come_in_one_statement(client, staf):
    client.force_login(staf)
    response, sql = _get(client, "/kerja-sama/")
    assert response.status_code == 200
    user_reads = [s for s in sql if "FROM auth_user" in s]
    assert len(user_reads) == 1
    assert "auth_user_groups" in user_reads[0]
    assert not [s for s in sql if "auth_user_groups" in s and s not in user_reads]


def test_session_of_a_user_without_role_is_refused(client, nobody):
    client.force_login(nobody)
    assert client.get("/kerja-sama/").status_code == 403


def test_session_of_a_deactivated_user_logs_out(client, staf):
    client.force_login(staf)
    staf.is_active = False
    staf.save(update_fields=["is_active"])
    response = client.get("/kerja-sama/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
