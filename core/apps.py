from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every feature app may use: shared blocks, the page cache, counted pages and
    Swedish text helpers. It imports no feature app."""

    name = "core"
    verbose_name = "Gemensamt"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import signal_handlers  # noqa: F401
