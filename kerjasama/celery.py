"""Celery application. Without CELERY_BROKER_URL tasks run inline (eager mode)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

app = Celery("kerjasama")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kerjasama.ping")
def ping(value: str = "pong") -> str:
    """A trivial task used by health checks and the worker test."""
    return value
