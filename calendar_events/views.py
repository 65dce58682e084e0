"""`/kalender/` (upcoming), `/kalender/arkiv/` (past) and the iCalendar feeds."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from municipalities.models import MunicipalityPage

from . import ical
from .listing import listing_context
from .models import EventPage

TEMPLATE = "calendar_events/calendar.html"


@require_GET
def upcoming(request):
    context = listing_context(request, archive=False)
    context["heading"] = "Kalender"
    return TemplateResponse(request, TEMPLATE, context)


@require_GET
def archive(request):
    context = listing_context(request, archive=True)
    context["heading"] = "Tidigare evenemang"
    return TemplateResponse(request, TEMPLATE, context)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Shown in the browser when opened, saved under this name when downloaded.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def feed(request):
    site = Site.find_for_request(request)
    body = ical.calendar(ical.feed_events(), site, name="Pedagogsajten – kalender")
    return _calendar_response(body, "pedagogsajten.ics")


@require_GET
def municipality_feed(request, slug):
    section = get_object_or_404(MunicipalityPage.objects.live().public(), slug=slug)
    site = Site.find_for_request(request)
    body = ical.calendar(
        ical.feed_events(municipality=section), site, name=f"Pedagogsajten – {section.title}"
    )
    return _calendar_response(body, f"pedagogsajten-{section.slug}.ics")


@require_GET
def event_file(request, pk):
    """One event as a file to add to one's own calendar."""
    event = get_object_or_404(EventPage.objects.readable(), pk=pk)
    site = Site.find_for_request(request)
    body = ical.calendar([event], site, name=event.title)
    return _calendar_response(body, f"{event.slug}.ics")
