from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Laporan"

    def ready(self) -> None:
        # Register the tasks with Celery in every process (services send them by name).
        # Tabel 2.1 counts a finished annual monev report as that year's `laporan_monev`
        # realisation; monitoring asks through this hook instead of importing reports.
        from monitoring.selectors import register_monev_report_source

        from . import tasks  # noqa: F401
        from .selectors import MONEV_DONE, monev_reports_done_by_year

        register_monev_report_source(MONEV_DONE, monev_reports_done_by_year)

        # Jobs whose message or worker was lost are queued again by the daily job.
        from kerjasama.recovery import register_recoverer

        from .services import report_jobs_requeue_stale

        register_recoverer(
            "reports", lambda older_than: report_jobs_requeue_stale(older_than=older_than)
        )
