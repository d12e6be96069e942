from django.apps import AppConfig


class ArsipConfig(AppConfig):
    name = "arsip"
    verbose_name = "Arsip dan pencarian"

    def ready(self) -> None:
        # The one hook between the apps: agreements sends `document_uploaded` on commit and
        # knows nothing of arsip; arsip schedules its analysis in the worker.
        from agreements.signals import document_uploaded

        from .receivers import on_document_uploaded

        document_uploaded.connect(on_document_uploaded, dispatch_uid="arsip.document_uploaded")
