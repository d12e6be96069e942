"""The embedded default (scripts/run) serves with DEBUG off: the product's error pages, static
files from the apps through whitenoise (no collectstatic), cookies usable on plain http."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.test import Client
client = Client()
css = client.get("/static/vendor/bootstrap/bootstrap.min.css")
missing = client.get("/tidak-ada-halaman-ini/")
print(json.dumps({
    "debug": settings.DEBUG,
    "css": css.status_code,
    "missing": missing.status_code,
    "missing_html": missing.content.decode(),
    "cookie_secure": settings.SESSION_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}))
"""


def test_scripts_run_environment_serves_the_product_with_debug_off(tmp_path):
    run = (ROOT / "scripts" / "run").read_text()
    # The variables scripts/run exports for the embedded default.
    exported = dict(re.findall(r"(DJANGO_[A-Z_]+)=\$\{DJANGO_[A-Z_]+:-([^}]*)\}", run))
    assert exported["DJANGO_DEBUG"] == "false"
    assert "secrets.token_urlsafe" in run  # a secret key is generated, not the built-in one
    env = {
        **os.environ,
        **exported,
        "DJANGO_SETTINGS_MODULE": "kerjasama.settings",
        "DJANGO_SECRET_KEY": "uji-" + "k" * 60,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["debug"] is False
    assert values["css"] == 200
    assert values["missing"] == 404
    assert "Halaman tidak ditemukan" in values["missing_html"]
    assert "URLconf" not in values["missing_html"]  # not Django's debug page
    assert "/static/vendor/bootstrap/bootstrap.min.css" in values["missing_html"]
    assert values["cookie_secure"] is False  # plain http://127.0.0.1
    assert values["ssl_redirect"] is False
