"""One world for every browser journey: a live server, the demo data, a logged-in state per role.

The journeys share it (set up once per package, flushed afterwards), so that no journey pays for
its own database flush or login. Each journey names its own agreements, so they do not collide.
The demo accounts log in through the real login form once; each test opens fresh browser
contexts from the saved storage state.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from agreements.demo import DEMO_PASSWORD

#: role -> demo account (agreements/demo.py)
ACCOUNTS = {
    "staf": "staf",
    "staf2": "staf.ln",
    "sekda": "sekda",
    "dprd": "dprd",
    "admin": "admin",
}
TIMEOUT_MS = 15_000
#: Every journey module: a browser test that needs the test database (set up by pytest-django
#: only for tests marked so). The test itself writes nothing: the world is committed before it.
JOURNEY = [pytest.mark.e2e, pytest.mark.django_db]


@dataclass
class World:
    url: str
    states: dict[str, str] = field(default_factory=dict)
    tmp: Path | None = None


@pytest.fixture(scope="package")
def world(
    django_db_setup, django_db_blocker, browser: Browser, browser_context_args, tmp_path_factory
):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from agreements.models import Region, Urusan
    from agreements.reference import ensure_roles, load_reference

    with django_db_blocker.unblock():
        ensure_roles(Group, Permission)
        load_reference(Region, Urusan)
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        tmp = tmp_path_factory.mktemp("e2e")
        world = World(url=server.url, tmp=tmp)
        # One real login through the form (the staff account); the other roles get their session
        # the way Django's test client does, to save a browser round trip per role.
        for role, username in ACCOUNTS.items():
            state = tmp / f"{role}.json"
            if role == "staf":
                context = browser.new_context(**browser_context_args, base_url=server.url)
                page = context.new_page()
                page.goto("/accounts/login/")
                page.get_by_label("Nama pengguna").fill(username)
                page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Masuk").click()
                expect(page.get_by_role("button", name="Keluar")).to_be_visible()
                context.storage_state(path=str(state))
                context.close()
            else:
                state.write_text(json.dumps(_session_state(username)))
            world.states[role] = str(state)
        try:
            yield world
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            # Leave an empty database to the tests that follow, as a transactional test does.
            call_command("flush", interactive=False, verbosity=0)


def _session_state(username: str) -> dict:
    """A Playwright storage state holding a fresh session of `username` (Client.force_login)."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="kerjasama.auth.RoleModelBackend"
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "cookies": [
            {
                "name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": "localhost",
                "path": "/", "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax",
            }
        ],
        "origins": [],
    }  # fmt: skip


class PageErrors(list):
    """JavaScript errors and CSP violations seen on a page: a journey fails on any of them."""


@pytest.fixture
def open_as(world: World, browser: Browser, browser_context_args):
    """open_as(role, path="/", **context_args) -> a Page of a fresh context logged in as `role`
    ("anon": not logged in). Confirm dialogs are accepted, as a person who clicks OK."""
    contexts = []
    errors = PageErrors()

    def make(role: str, path: str | None = "/", **extra) -> Page:
        args = {**browser_context_args, **extra, "base_url": world.url, "accept_downloads": True}
        if role != "anon":
            args["storage_state"] = world.states[role]
        context = browser.new_context(**args)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        page.on(
            "console",
            lambda msg: (
                errors.append(f"{page.url}: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        if path is not None:
            page.goto(path)
        return page

    make.errors = errors
    yield make
    for context in contexts:
        context.close()
    assert list(errors) == [], errors


# --------------------------------------------------------------------------- helpers


def flash(page: Page, text: str | re.Pattern) -> None:
    """The message at the top of the page after a POST."""
    expect(page.locator(".messages")).to_contain_text(text)


def current_stage(page: Page):
    return page.locator('.timeline li[aria-current="step"]')
