from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Import of an office's old Excel/CSV register (no models: it writes through agreements)."""

    name = "imports"
    verbose_name = "Impor register"
