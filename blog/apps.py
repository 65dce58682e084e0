from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Artiklar"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import signal_handlers  # noqa: F401
