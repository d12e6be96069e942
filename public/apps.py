from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public register and open data (no models, no login)."""

    name = "public"
    verbose_name = "Register publik"
