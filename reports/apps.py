from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Laporan"

    def ready(self) -> None:
        # Tabel 2.1 counts a finished annual monev report as that year's `laporan_monev`
        # realisation; monitoring asks through this hook instead of importing reports.
        from monitoring.selectors import register_monev_report_source

        from .selectors import monev_reports_done_by_year

        register_monev_report_source(monev_reports_done_by_year)
