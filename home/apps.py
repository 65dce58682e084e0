from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startsida och standardsidor"

    def ready(self):
        from . import signal_handlers  # noqa: F401
