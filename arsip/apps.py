import datetime as dt

from django.apps import AppConfig


class ArsipConfig(AppConfig):
    name = "arsip"
    verbose_name = "Arsip dan pencarian"

    def ready(self) -> None:
        # Register the tasks with Celery in every process (services send them by name).
        # The one hook between the apps: agreements sends `document_uploaded` on commit and
        # knows nothing of arsip; arsip schedules its analysis in the worker.
        from agreements.signals import document_uploaded

        from . import tasks  # noqa: F401
        from .receivers import on_document_uploaded

        document_uploaded.connect(on_document_uploaded, dispatch_uid="arsip.document_uploaded")

        # Unanalysed documents are queued again by the daily job (kerjasama.recovery).
        from kerjasama.recovery import register_recoverer

        from .services import documents_requeue_unanalysed

        def recover(older_than: dt.timedelta | None) -> list[int]:
            age = dt.timedelta(minutes=15) if older_than is None else older_than
            return documents_requeue_unanalysed(older_than=age)

        register_recoverer("documents", recover)
