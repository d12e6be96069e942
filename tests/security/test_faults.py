"""Faults of issue 19, each caused for real: a private redis-server killed by PID, a private
PostgreSQL (Debian's binaries, another port) restarted and stopped, a tiny tmpfs as the media
folder, a process killed mid-render.

What must hold: a write is either committed and answered 2xx (its side effects sent, or left in
the database for recover_stuck_work() to send) or not committed and answered with a clear error;
no orphan file; the first request after a database restart succeeds; error answers do not need
the database.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from agreements.choices import Stage
from agreements.models import Agreement, Document, StageHistory
from arsip.models import DocumentAnalysis
from proposals.models import Proposal
from reports.models import JobStatus, ReportJob
from tests.conftest import ROOT, WorkerProcess, _reset_pools, _worker_database_url
from tests.factories import make_agreement
from tests.proposals.conftest import pdf_file, post_public, university
from tests.reports.conftest import pdf_with_pages
from tests.security.test_redis_restart import RedisServer, wait_for

REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6394"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "54329"))
WEB_PORT = int(os.environ.get("FAULTS_WEB_PORT", "18439"))


def _free(port: int) -> None:
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            pytest.fail(f"port {port} is in use; choose another with FAULTS_*_PORT")


# --------------------------------------------------------------------------- broker down


@pytest.fixture
def private_broker(tmp_path, settings, monkeypatch):
    """The app's broker is a private redis-server (its worker is started by the test)."""
    from kerjasama.celery import app

    _free(REDIS_PORT)
    server = RedisServer(REDIS_PORT, tmp_path)
    server.start()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    queue = f"test-faults-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", server.url)
    keys = ("task_always_eager", "broker_url", "task_default_queue", "result_backend")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=server.url,
        task_default_queue=queue,
        result_backend=server.url,
    )
    _reset_pools(app)
    try:
        yield server, queue
    finally:
        server.kill()
        app.conf.update(saved)
        _reset_pools(app)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_broker_down_commits_and_answers_2xx_then_recovery_finishes_the_work(
    private_broker, api, staf, settings, tmp_path
):
    from kerjasama.celery import app
    from kerjasama.recovery import recover_stuck_work

    server, queue = private_broker
    agreement = make_agreement(user=staf)
    moved = make_agreement(user=staf, title="Dibatalkan saat broker mati")
    server.kill()  # SIGKILL by PID: the broker is gone
    assert not server.ping()
    _reset_pools(app)
    client = api(staf)

    upload = client.post(
        f"/api/agreements/{agreement.pk}/documents/",
        {"file": SimpleUploadedFile("kb.pdf", pdf_with_pages("KB", 1)), "doc_type": "kb"},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    transition = client.post(
        f"/api/agreements/{moved.pk}/transitions/",
        {"to": Stage.DIBATALKAN, "note": "Mitra mundur."},
        format="json",
    )
    assert transition.status_code == 201, transition.content
    sheet = {"report_type": "agreement_sheet", "agreement": agreement.pk}
    report = client.post("/api/reports/", sheet, format="json")
    assert report.status_code == 202, report.content
    proposal = post_public(APIClient(), university(), [pdf_file()])
    assert proposal.status_code == 201, proposal.content  # its mail is queued after the commit

    # Committed, once each: the client has no reason to retry and create a duplicate.
    assert Document.objects.filter(agreement=agreement).count() == 1
    assert Agreement.objects.get(pk=moved.pk).stage == Stage.DIBATALKAN
    assert StageHistory.objects.filter(agreement=moved, to_stage=Stage.DIBATALKAN).count() == 1
    job = ReportJob.objects.get(pk=report.json()["id"])
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert not DocumentAnalysis.objects.exists()
    assert Proposal.objects.count() == 1

    # The broker comes back empty; a worker starts. Asking again re-sends the lost job.
    server.start()
    _reset_pools(app)
    worker = WorkerProcess(server.url, queue, tmp_path / "worker.log")
    worker.start()
    try:
        settings.REPORT_REQUEUE_AFTER_SECONDS = 0
        again = client.post(
            "/api/reports/",
            {"report_type": "agreement_sheet", "agreement": agreement.pk},
            format="json",
        )
        assert again.status_code in (200, 202)
        assert again.json()["id"] == job.pk
        job = wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=90)
        assert job.status == JobStatus.DONE, job.error

        # The unanalysed document is found and queued by the daily job's recovery function.
        recovered = recover_stuck_work(older_than=dt.timedelta(0))
        assert recovered == {"reports": [], "documents": [upload.json()["id"]]}
        deadline = time.monotonic() + 60
        while not DocumentAnalysis.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert DocumentAnalysis.objects.filter(document_id=upload.json()["id"]).exists()
        assert recover_stuck_work(older_than=dt.timedelta(0)) == {"reports": [], "documents": []}
    finally:
        worker.stop()


@pytest.mark.django_db(transaction=True)
def test_render_killed_in_eager_mode_is_recovered(staf, settings, tmp_path):
    """The web process rendering inline (no broker) is killed mid-render, as a worker timeout
    does: the job is left `running`; asking again and the recovery function both pick it up."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    agreement = make_agreement(user=staf)
    script = (
        "import django; django.setup();"
        "from django.contrib.auth.models import User;"
        "from reports.services import report_request;"
        f"report_request(report_type='agreement_sheet', params={{'agreement': {agreement.pk}}},"
        f" user=User.objects.get(pk={staf.pk}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="kerjasama.settings",
        DATABASE_URL=_worker_database_url(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
        REPORTS_TEST_DELAY_SECONDS="120",
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env)
    try:
        job = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = ReportJob.objects.filter(agreement=agreement).first()
            if job is not None and job.status == JobStatus.RUNNING:
                break
            time.sleep(0.1)
        assert job is not None
        assert job.status == JobStatus.RUNNING
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    time.sleep(0.5)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # what was left behind "forever" before

    from kerjasama.recovery import recover_stuck_work
    from reports import services

    # Within the hard time limit the job may still be rendering somewhere: left alone.
    again, created = services.report_request(
        report_type="agreement_sheet", params={"agreement": agreement.pk}, user=staf
    )
    assert (again.pk, created, again.status) == (job.pk, False, JobStatus.RUNNING)
    # Past it, the recovery function queues it again (eager here: rendered at once).
    settings.REPORT_RUNNING_LOST_AFTER_SECONDS = 0
    assert recover_stuck_work()["reports"] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.pages >= 1


# --------------------------------------------------------------------------- full disk


@pytest.fixture
def tiny_media(tmp_path, settings):
    """A 64 KB tmpfs as MEDIA_ROOT: a real ENOSPC from the kernel."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(f"a small tmpfs is needed (run as root): {mounted.stderr}")
    settings.MEDIA_ROOT = str(folder)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _files(folder: Path) -> list[Path]:
    return [Path(p) for p in glob.glob(f"{folder}/**", recursive=True) if Path(p).is_file()]


@pytest.mark.django_db(transaction=True)
def test_full_disk_is_507_with_nothing_stored(tiny_media, api, client, staf):
    agreement = make_agreement(user=staf)
    big = pdf_with_pages("BESAR", 1) + b"%" + b"x" * 300_000 + b"\n%%EOF\n"
    response = api(staf).post(
        f"/api/agreements/{agreement.pk}/documents/",
        {"file": SimpleUploadedFile("besar.pdf", big), "doc_type": "kb"},
        format="multipart",
    )
    assert response.status_code == 507
    assert response.json()["code"] == "storage_full"
    assert "Penyimpanan penuh" in response.json()["detail"]
    client.force_login(staf)
    page = client.post(
        f"/kerja-sama/{agreement.pk}/dokumen/",
        {"file": SimpleUploadedFile("besar2.pdf", big + b" "), "doc_type": "kb", "title": "KB"},
    )
    assert page.status_code == 507
    assert "Penyimpanan penuh" in page.content.decode()
    assert not Document.objects.exists()
    assert _files(tiny_media) == []  # no 0-byte or partial file per failed upload
    # A small file still fits: the failure was the disk, and nothing was left to clean up.
    small = api(staf).post(
        f"/api/agreements/{agreement.pk}/documents/",
        {"file": SimpleUploadedFile("kecil.pdf", pdf_with_pages("KECIL", 1)), "doc_type": "kb"},
        format="multipart",
    )
    assert small.status_code == 201, small.content
    assert len(_files(tiny_media)) == 1


# --------------------------------------------------------------------------- PostgreSQL


class PrivatePostgres:
    """initdb + pg_ctl of Debian's PostgreSQL on its own port, run as the postgres user."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            pytest.fail("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are missing")
        self.bin = Path(bins[-1])
        self.data = folder / "data"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        done = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        assert done.returncode == 0, done.stderr

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status").returncode == 0

    def start(self) -> None:
        if self.running():
            return
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w",
            "start",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr + (self.folder / "log").read_text()

    def restart(self) -> None:
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-m", "fast", "-w",
            "restart",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture(scope="module")
def private_postgres():
    _free(PG_PORT)
    # Not under pytest's 0700 temporary folder: the postgres user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="ks-faults-pg-"))
    folder.chmod(0o755)
    server = PrivatePostgres(folder, PG_PORT)
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def _get(url: str, headers: dict | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - local http
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - local
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_database_restart_and_outage_through_gunicorn(private_postgres, tmp_path):
    """One sync gunicorn worker keeps its connection open (CONN_MAX_AGE) across requests."""
    _free(WEB_PORT)
    (tmp_path / "faults_settings.py").write_text(
        "from kerjasama.settings_test import *  # noqa\n"
        "DATABASES['default']['CONN_MAX_AGE'] = 600\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "faults_settings",
        "DATABASE_URL": private_postgres.url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "uji-gangguan-" + uuid.uuid4().hex,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    env.pop("CELERY_BROKER_URL", None)
    log = (tmp_path / "gunicorn.log").open("wb")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kerjasama.wsgi:application", "--bind",
         f"127.0.0.1:{WEB_PORT}", "--workers", "1", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{WEB_PORT}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/healthz/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail((tmp_path / "gunicorn.log").read_text()[-3000:])
        assert _get(f"{base}/healthz/")[0] == 200  # the worker now holds an open connection

        private_postgres.restart()
        status, _, body = _get(f"{base}/healthz/")
        assert status == 200, body  # the first request after the restart, not the second

        private_postgres.stop("immediate")  # the database is down
        status, content_type, body = _get(
            f"{base}/api/agreements/", {"Authorization": "Token 0123456789abcdef"}
        )
        assert status == 500
        assert content_type == "application/json"
        assert '"code": "server_error"' in body
        # With a session cookie the old 500 page loaded the user (and groups) from the database
        # for the navbar and failed itself: gunicorn's bare page.
        status, content_type, body = _get(
            f"{base}/publik/", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
        )
        assert status == 500
        assert content_type.startswith("text/html")
        assert "Terjadi kesalahan pada server" in body
        assert gunicorn.poll() is None
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        log.close()
        private_postgres.start()


def _django(script: str, url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kerjasama.settings",
            "DATABASE_URL": url,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


#: Times the statement inside the process (Django's start-up on a loaded machine is not counted).
TIMED = (
    "import time; from django.db import connection; t = time.monotonic()\n"
    "try:\n    {}\n"
    "finally:\n    print('ELAPSED', time.monotonic() - t)\n"
)


def _elapsed(done: subprocess.CompletedProcess) -> float:
    return float(done.stdout.split("ELAPSED")[1].split()[0])


def test_statement_timeout_and_connect_timeout(private_postgres):
    done = _django(
        TIMED.format("connection.cursor().execute('SELECT pg_sleep(5)')"),
        private_postgres.url,
        DATABASE_STATEMENT_TIMEOUT_MS="300",
    )
    assert done.returncode != 0
    assert "statement timeout" in done.stderr
    assert _elapsed(done) < 3  # 0.3 s timeout, not the 5 s sleep

    # A "database" that accepts the connection and never answers: the connect timeout ends it.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    port = listener.getsockname()[1]
    done = _django(
        TIMED.format("connection.ensure_connection()"),
        f"postgres://postgres@127.0.0.1:{port}/x",
        DATABASE_CONNECT_TIMEOUT="1",
    )
    listener.close()
    assert done.returncode != 0
    assert "timeout" in done.stderr.lower()
    assert _elapsed(done) < 5  # without it, libpq waits for ever


@pytest.mark.django_db
def test_recovery_runs_under_beat_and_changes_nothing_when_all_is_well(settings, staf):
    from kerjasama.celery import app
    from kerjasama.tasks import recover_stuck_work as task

    entry = settings.CELERY_BEAT_SCHEDULE["pemulihan-pekerjaan"]
    assert entry["task"] == task.name
    assert task.name in app.tasks
    make_agreement(user=staf)
    assert task.apply().get() == {"reports": [], "documents": []}


@pytest.mark.django_db
def test_daily_tasks_command_recovers_a_render_left_running(
    staf, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Eager installation (no broker, cron runs daily_tasks): a job left `running` by a killed
    process is rendered again by the daily job."""
    import io

    from django.core.management import call_command
    from django.utils import timezone

    settings.MEDIA_ROOT = str(tmp_path / "media")
    agreement = make_agreement(user=staf)
    job = ReportJob.objects.create(
        key="lost-" + uuid.uuid4().hex,
        report_type="agreement_sheet",
        params={"agreement": agreement.pk},
        agreement=agreement,
        status=JobStatus.RUNNING,
        progress=50,
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the commit the command makes
        call_command("daily_tasks", stdout=out)
    assert "pekerjaan dipulihkan: 1 laporan, 0 dokumen" in out.getvalue()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
