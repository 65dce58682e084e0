"""iCalendar (RFC 5545) feeds of the calendar, written with the `icalendar` library: the whole
site's at /kalender/pedagogsajten.ics and each municipality's at /kalender/kommun/<slug>.ics.

Times are given in Europe/Stockholm with the VTIMEZONE calendar programs need to show them right
on both sides of a change to or from summer time. Each event's UID is stable (its page id and the
site's host), so a subscribed calendar updates an event instead of adding it again.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import EventPage

# A subscribed calendar also keeps what happened recently; the archive has the rest.
FEED_PAST_DAYS = 90
FEED_EVENTS = 500
PRODUCT = "-//Pedagogsajten//Kalender//SV"


def feed_events(municipality=None):
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    events = (
        EventPage.objects.readable()
        .filter(end__gte=since)
        .select_related("municipality")
        .prefetch_related("school_forms")
    )
    if municipality is not None:
        events = events.filter(municipality=municipality)
    return list(events.order_by("start", "pk")[:FEED_EVENTS])


def _description(event, url: str) -> str:
    lines = [event.summary, ""]
    lines.append(f"Arrangör: {event.organiser}")
    if event.online_url:
        lines.append(f"Digitalt: {event.online_url}")
    if event.registration_url:
        lines.append(f"Anmälan: {event.registration_url}")
    if event.contact.strip():
        lines.append(f"Kontakt för anmälan: {event.contact}")
    lines.append(f"Mer information: {url}")
    return "\n".join(lines)


def calendar(events, site, *, name: str) -> bytes:
    host = site.hostname
    feed = Calendar()
    feed.add("prodid", PRODUCT)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for event in events:
        url = event.full_url
        item = Event()
        item.add("uid", f"evenemang-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", timezone.localtime(event.start))
        item.add("dtend", timezone.localtime(event.end))
        item.add("summary", event.title)
        item.add("description", _description(event, url))
        item.add("location", event.place.strip() or event.online_url)
        item.add("url", url)
        item.add("categories", [event.get_kind_display()])
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        feed.add_component(item)
    if events:
        first = min(timezone.localtime(event.start).date() for event in events)
        last = max(timezone.localtime(event.end).date() for event in events)
        feed.add_missing_timezones(first_date=first, last_date=last + datetime.timedelta(days=366))
    return feed.to_ical()
