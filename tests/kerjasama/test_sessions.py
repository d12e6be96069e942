"""kerjasama.sessions: Django's database sessions, the row read by a query composed once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from kerjasama.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_app_uses_it():
    assert settings.SESSION_ENGINE == "kerjasama.sessions"


def test_a_live_session_loads_an_expired_or_unknown_one_does_not():
    live = SessionStore()
    live["seen"] = 1
    live.create()
    assert SessionStore(live.session_key).load() == {"seen": 1}

    Session.objects.filter(pk=live.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(live.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # as Django's: a new session is started

    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_login_and_logout_through_the_pages(client, staf):
    client.force_login(staf)
    assert client.get("/kerja-sama/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/kerja-sama/").status_code == 302
