"""Security settings: CSP on every page, no inline code in templates, CSRF in every POST form,
login throttling and its audit log, password rules, and production cookie flags."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings

from tests.factories import UserFactory
from tests.security.test_authorization_matrix import MATRIX, build_path, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
PASSWORD = "rahasia-uji-123"
LOGIN = "/accounts/login/"


# --------------------------------------------------------------------------- CSP


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_csp(response) -> None:
    directives = csp_directives(response)
    path = response.request["PATH_INFO"]
    scripts = directives.get("script-src", directives.get("default-src"))
    styles = directives.get("style-src", directives.get("default-src"))
    assert scripts, f"{path}: no script-src/default-src"
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert bad not in scripts, f"{path}: script-src allows {bad}"
    assert "'unsafe-inline'" not in styles, f"{path}: style-src allows 'unsafe-inline'"
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src", directives.get("default-src")) == ["'self'"]


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.django_db
def test_every_html_page_carries_a_strict_csp(client, world):  # noqa: F811
    users, ids, special = world
    checked = []
    client.force_login(users["superuser"], backend="kerjasama.auth.RoleModelBackend")
    paths = [build_path(r, ids, special) for r, (m, _) in MATRIX.items() if m == "GET"]
    paths += ["/admin/", "/admin/axes/accesslog/", "/tidak-ada-halaman-ini/"]
    for path in paths:
        response = client.get(path)
        if is_html(response):
            assert_strict_csp(response)
            checked.append(path)
    client.logout()
    for path in ("/publik/", LOGIN, "/tidak-ada/", "/kerja-sama/"):
        response = client.get(path, follow=True)
        assert is_html(response)
        assert_strict_csp(response)
        checked.append(path)
    nobody = UserFactory(username="csp.tanpa.peran")
    client.force_login(nobody, backend="kerjasama.auth.RoleModelBackend")
    response = client.get("/monev/")
    assert response.status_code == 403
    assert_strict_csp(response)
    assert len(checked) >= 30, checked


# --------------------------------------------------------------------------- templates

INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.I | re.S)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
POST_FORM = re.compile(
    r"<form\b[^>]*\bmethod\s*=\s*[\"']?post[\"']?[^>]*>(?P<body>.*?)</form\s*>", re.I | re.S
)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_templates_are_found():
    assert len(TEMPLATES) >= 30
    assert ROOT / "templates" / "base.html" in TEMPLATES


def test_no_inline_script_event_handler_or_style_in_templates():
    problems = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(text):
            if "src=" not in match["attrs"] or match["body"].strip():
                problems.append(f"{relative(path)}: inline <script>")
        for pattern, label in (
            (EVENT_HANDLER, "on*= event handler"),
            (STYLE_ATTR, "style= attribute"),
            (STYLE_BLOCK, "<style> block"),
            (JS_URL, "javascript: URL"),
        ):
            problems += [f"{relative(path)}: {label}" for _ in pattern.finditer(text)]
    assert problems == []


def test_scanner_catches_what_it_looks_for():
    sample = (
        '<script src="/static/js/app.js"></script><script>alert(1)</script>'
        '<button class="btn" onclick="go()">x</button><div\n  style="color:red">y</div>'
        '<a href="javascript:void(0)">z</a><form method="post"><input></form>'
    )
    assert [m["body"] for m in INLINE_SCRIPT.finditer(sample)] == ["", "alert(1)"]
    assert len(EVENT_HANDLER.findall(sample)) == 1
    assert len(STYLE_ATTR.findall(sample)) == 1
    assert len(JS_URL.findall(sample)) == 1
    assert [m["body"] for m in POST_FORM.finditer(sample)] == ["<input>"]


def test_every_post_form_has_a_csrf_token():
    forms, missing = 0, []
    for path in TEMPLATES:
        for match in POST_FORM.finditer(path.read_text(encoding="utf-8")):
            forms += 1
            if "{% csrf_token %}" not in match["body"]:
                missing.append(relative(path))
    assert missing == []
    assert forms >= 10


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(staf):
    from django.test import Client

    from agreements.models import Partner

    client = Client(enforce_csrf_checks=True)
    client.force_login(staf, backend="kerjasama.auth.RoleModelBackend")
    response = client.post("/mitra/baru/", {"name": "Mitra tanpa token", "partner_type": "daerah"})
    assert response.status_code == 403
    assert not Partner.objects.filter(name="Mitra tanpa token").exists()


# --------------------------------------------------------------------------- login throttling


def login(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_that_ip(client, staf):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = login(client, staf.username, "salah-sekali")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nama pengguna atau kata sandi salah." in page
        assert "nama pengguna nama pengguna" not in page
    login(client, staf.username, "salah-sekali")  # the fifth failure locks

    response = login(client, staf.username, PASSWORD)  # right password, too late
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Terlalu banyak percobaan masuk" in page
    assert "dikunci sementara" in page
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=staf.username).failures_since_start >= 5
    assert not AccessLog.objects.filter(username=staf.username).exists()

    # The lock is for this user from this address: another address, or another user, may log in.
    other = login(client, staf.username, PASSWORD, ip="198.51.100.20")
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(staf.pk)
    client.logout()
    colleague = UserFactory(username="rekan.kerja", role="staf_kerja_sama")
    assert login(client, colleague.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_api_token_is_locked_too_and_answers_in_json(api, staf):
    client = api()

    def ask(password: str):
        return client.post(
            "/api/auth/token/",
            {"username": staf.username, "password": password},
            format="json",
            REMOTE_ADDR="203.0.113.8",
        )

    for _ in range(4):
        response = ask("salah")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_credentials"
    ask("salah")
    response = ask(PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "1800"
    body = response.json()
    assert body["code"] == "login_locked"
    assert "dikunci sementara" in body["detail"]
    assert "token" not in body


@pytest.mark.django_db
def test_successful_login_is_in_the_audit_log_and_admin_lists_it(client, staf, superuser):
    response = login(client, staf.username, PASSWORD, ip="192.0.2.44")
    assert response.status_code == 302
    entry = AccessLog.objects.get(username=staf.username)
    assert entry.ip_address == "192.0.2.44"
    assert entry.attempt_time is not None
    client.logout()

    client.force_login(superuser, backend="kerjasama.auth.RoleModelBackend")
    listing = client.get("/admin/axes/accesslog/")
    assert listing.status_code == 200
    assert staf.username in listing.content.decode()
    assert client.get("/admin/axes/accesslog/add/").status_code == 403
    detail = client.get(f"/admin/axes/accesslog/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="username"' not in detail.content.decode()  # read-only fields, no inputs


# --------------------------------------------------------------------------- passwords


@pytest.mark.django_db
def test_weak_password_is_refused_in_indonesian(client, staf):
    client.force_login(staf, backend="kerjasama.auth.RoleModelBackend")
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kata sandi ini terlalu umum." in page
    assert "Kata sandi ini seluruhnya terdiri dari angka." in page
    staf.refresh_from_db()
    assert staf.check_password(PASSWORD)


@pytest.mark.django_db
def test_admin_cannot_create_a_user_with_a_weak_password(client, superuser):
    from django.contrib.auth.models import User

    client.force_login(superuser, backend="kerjasama.auth.RoleModelBackend")
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "pengguna.lemah",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    assert not User.objects.filter(username="pengguna.lemah").exists()


# --------------------------------------------------------------------------- cookies


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_lax(client, staf):
    response = login(client, staf.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_settings_make_cookies_secure():
    names = [
        "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
    ]  # fmt: skip
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kerjasama.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "uji-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "kerjasama.example.go.id",
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kerjasama.settings", "DJANGO_DEBUG": "false"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY wajib diisi" in result.stderr
