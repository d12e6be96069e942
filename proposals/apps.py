from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Usulan kerja sama"

    def ready(self) -> None:
        # The agreement page reads which proposal it came from in its own statement.
        from agreements.page_rows import register_page_value

        from .selectors import ORIGIN_SQL

        register_page_value("origin_proposal_id", ORIGIN_SQL, lambda user: [])
