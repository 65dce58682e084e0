from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Artiklar"

    def ready(self):
        from . import signal_handlers  # noqa: F401
