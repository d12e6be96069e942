import pytest

pytestmark = pytest.mark.worker


def test_real_worker_runs_a_task(celery_worker):
    from kerjasama.celery import ping

    result = ping.delay("halo")
    assert result.get(timeout=60) == "halo"
    assert celery_worker.proc.poll() is None
