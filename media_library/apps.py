from django.apps import AppConfig


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = "Mediabibliotek"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import signal_handlers  # noqa: F401
