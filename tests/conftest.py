"""Shared fixtures: named users per role, API clients, a real Celery worker, Playwright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import factory.random
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
factory.random.reseed_random("kerjasama")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database, roles and regions included: put them back."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    if marker is None and not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group, Permission

    from agreements.models import Region, Urusan
    from agreements.reference import ensure_roles, load_reference

    if Group.objects.filter(name__in=["staf_kerja_sama", "sekda", "dprd"]).count() == 3 and (
        Region.objects.exists()
    ):
        return
    ensure_roles(Group, Permission)
    load_reference(Region, Urusan)


@pytest.fixture
def staf(db):
    return UserFactory(username="rina.staf", role="staf_kerja_sama")


@pytest.fixture
def sekda(db):
    return UserFactory(username="pak.sekda", role="sekda")


@pytest.fixture
def dprd_user(db):
    return UserFactory(username="bu.dprd", role="dprd")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin.uji", is_superuser=True, is_staff=True)


@pytest.fixture
def nobody(db):
    """Logged in, but in no role."""
    return UserFactory(username="tanpa.peran")


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated with that user's token (None: anonymous)."""
    from rest_framework.authtoken.models import Token

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


# --------------------------------------------------------------------------- Celery worker


def _worker_database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on its own queue, started and stopped by PID."""

    def __init__(self, broker: str, queue: str, log: Path) -> None:
        self.broker = broker
        self.queue = queue
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kerjasama.settings",
            "DATABASE_URL": _worker_database_url(),
            "CELERY_BROKER_URL": self.broker,
            "CELERY_RESULT_BACKEND": self.broker,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_DEBUG": "true",
        }
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "kerjasama", "worker",
                    "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle",
                    "--without-heartbeat", "-Q", self.queue, "--loglevel=INFO",
                    "-n", f"{self.queue}@%h",
                ],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker stopped: {self.log.read_text()[-3000:]}")
            if "ready" in self.log.read_text(errors="replace"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker not ready: {self.log.read_text()[-3000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _reset_pools(app) -> None:
    """Drop cached broker connections so the new broker_url is used."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # app.pool lives in kombu's global registry: clear it too, or the next worker test of the
    # session gets the closed pool back ("Acquire on closed pool").
    from kombu import pools

    pools.reset()
    # The result backend is cached too (DisabledBackend after eager tests): rebuild it from conf.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker against the broker in CELERY_BROKER_URL; tasks are sent, not run inline."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.fail(
            "CELERY_BROKER_URL must point at Redis for worker tests (scripts/test sets it)."
        )
    from kerjasama.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    saved = {
        k: app.conf[k]
        for k in ("task_always_eager", "broker_url", "task_default_queue", "result_backend")
    }
    app.conf.update(
        task_always_eager=False, broker_url=broker, task_default_queue=queue, result_backend=broker
    )
    _reset_pools(app)
    worker = WorkerProcess(broker, queue, tmp_path / "worker.log")
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.update(saved)
        _reset_pools(app)


# --------------------------------------------------------------------------- Playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "id-ID", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def login_as(live_server, page):
    """login_as(user) logs the Playwright page in through the real login form."""

    def do(user, password: str = "rahasia-uji-123"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state("networkidle")
        return page

    return do
