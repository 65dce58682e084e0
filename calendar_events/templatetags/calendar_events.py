"""`{% upcoming_events section %}`: a municipality section's next events, for its page."""

from django import template
from django.utils import timezone
from wagtail.models import PageViewRestriction

from ..models import EventPage

register = template.Library()

SECTION_EVENTS = 5


@register.inclusion_tag("calendar_events/includes/section_events.html")
def upcoming_events(section):
    # Not `.public()`, which costs a query of its own: the section's restrictions are this page's,
    # already passed by the reader; an event made private on its own (it has no children) is
    # left out by the subquery.
    events = (
        EventPage.objects.live()
        .filter(municipality=section, end__gte=timezone.now())
        .exclude(pk__in=PageViewRestriction.objects.values("page_id"))
        .select_related("municipality")
        .order_by("start", "pk")[:SECTION_EVENTS]
    )
    return {"section": section, "events": list(events)}
