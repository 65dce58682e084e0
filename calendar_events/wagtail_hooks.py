from wagtail import hooks

from core.readability_panel import ReadablePageViewSet

from .models import EventPage


@hooks.register("register_admin_viewset")
def event_editor_with_readability_panel():
    # The event editor with the readability side panel (core/readability_panel.py).
    return ReadablePageViewSet("event_pages", model=EventPage, icon="date")
