from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = "Kommuner"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import signal_handlers  # noqa: F401
