"""Redis restarted under a running Celery worker: nothing is lost that the product promises.

A private redis-server (no persistence, its own port; the shared server is never touched) is
the broker of a real worker. Redis is killed with SIGKILL while the worker renders job A and
job C waits in the queue, then started again, empty, on the same port.

- A, running at that moment, finishes exactly once: its row is written to the database, not to
  Redis; the lost acknowledgement does not make it run again.
- B, queued after the restart, completes: the worker and the web process reconnect by themselves.
- C's message died with Redis (persistence off): its row stays `queued`, and the recovery path,
  `manage.py requeue_reports`, queues it again; it then finishes exactly once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports import services
from reports.models import JobStatus, ReportJob
from tests.conftest import WorkerProcess, _reset_pools
from tests.factories import make_agreement

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_PORT = int(os.environ.get("SECURITY_REDIS_PORT", "6393"))


class RedisServer:
    """A throw-away redis-server on its own port, started and killed by PID."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.folder = folder
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        log = (self.folder / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server stopped: {self.proc.returncode}")
            if self.ping():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(REDIS_PORT, tmp_path)
    if server.ping():
        pytest.fail(f"port {REDIS_PORT} is already in use; set SECURITY_REDIS_PORT to a free one")
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def worker_on_private_redis(redis_server, transactional_db, tmp_path, settings, monkeypatch):
    """A real worker whose broker (and result backend) is the private redis-server.

    Every task sleeps 3 s first (REPORTS_TEST_DELAY_SECONDS) so that Redis can be killed while
    one job is running and another is still waiting in the queue.
    """
    from kerjasama.celery import app

    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("REPORTS_TEST_DELAY_SECONDS", "3")
    queue = f"test-redis-{uuid.uuid4().hex[:8]}"
    broker = redis_server.url
    # Celery reads CELERY_BROKER_URL from the environment before its configuration: point it here.
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", broker)
    saved = {
        k: app.conf[k]
        for k in ("task_always_eager", "broker_url", "task_default_queue", "result_backend")
    }
    app.conf.update(
        task_always_eager=False, broker_url=broker, task_default_queue=queue, result_backend=broker
    )
    _reset_pools(app)
    worker = WorkerProcess(broker, queue, tmp_path / "worker.log")
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()
        app.conf.update(saved)
        _reset_pools(app)


def wait_for(job_id: int, statuses: set[str], timeout: float) -> ReportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"laporan {job_id} tidak mencapai {statuses}: {job.status} {job.error}")


def pdf_files() -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "laporan"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def sheet(agreement, user) -> ReportJob:
    job, created = services.report_request(
        report_type="agreement_sheet", params={"agreement": agreement.pk}, user=user
    )
    assert created
    return job


def test_redis_restart_loses_no_job(worker_on_private_redis, redis_server, staf):
    worker = worker_on_private_redis
    a, b, c = (make_agreement(title=f"Kerja sama {n}", user=staf) for n in "ABC")

    job_a = sheet(a, staf)
    wait_for(job_a.pk, {JobStatus.RUNNING}, timeout=30)
    job_c = sheet(c, staf)  # waits in Redis behind A (one message at a time per worker)

    redis_server.kill()  # SIGKILL: every message in Redis is gone
    assert not redis_server.ping()
    redis_server.start()  # same port, empty

    job_a = wait_for(job_a.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=60)
    assert job_a.status == JobStatus.DONE, job_a.error
    assert job_a.attempts == 1

    job_b = sheet(b, staf)  # after the restart: the web side reconnects, the worker too
    job_b = wait_for(job_b.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=90)
    assert job_b.status == JobStatus.DONE, job_b.error
    assert job_b.attempts == 1
    assert worker.proc.poll() is None, "the worker must survive the broker restart"

    # C's message was lost with Redis: the row says so, and nothing ran it.
    job_c.refresh_from_db()
    assert (job_c.status, job_c.attempts) == (JobStatus.QUEUED, 0)

    call_command("requeue_reports", "--older-than", "0", stdout=(out := _Output()))
    assert out.text.startswith(f"1 laporan diantrekan ulang: #{job_c.pk}")
    job_c = wait_for(job_c.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=60)
    assert job_c.status == JobStatus.DONE, job_c.error
    assert job_c.attempts == 1

    # Exactly once each: one PDF per job, and nothing left to re-queue.
    assert pdf_files() == sorted(f"{job.pk}.pdf" for job in (job_a, job_b, job_c))
    for job in (job_a, job_b, job_c):
        assert job.pages >= 1
        assert len(job.sha256) == 64
    call_command("requeue_reports", "--older-than", "0", stdout=(again := _Output()))
    assert again.text.startswith("0 laporan diantrekan ulang")
    time.sleep(1)
    assert [j.attempts for j in ReportJob.objects.order_by("pk")] == [1, 1, 1]
    log = worker.log.read_text(errors="replace")
    assert "Connection to broker lost" in log or "Cannot connect to" in log


class _Output:
    def __init__(self) -> None:
        self.text = ""

    def write(self, value: str) -> None:
        self.text += value

    def flush(self) -> None:
        pass
