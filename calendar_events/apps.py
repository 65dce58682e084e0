from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The calendar: courses, network meetings, lectures and conferences (issue 17, part 2)."""

    name = "calendar_events"
    verbose_name = "Kalender"

    def ready(self):
        # Receivers import models, which Django allows only once the app registry is ready.
        from . import signal_handlers  # noqa: F401
