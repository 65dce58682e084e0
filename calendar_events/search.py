"""Events on the search page (/sok/): the events matching the reader's words, shown above the
articles. site/urls.py adds this to the search page's context, so neither the search app nor the
articles know about events.

Asked of PostgreSQL's full-text search (the project's Swedish analysis), the backend that is
always kept up to date and is the readers' last resort (search/engine.py): a few hundred events
need no engine, and a stopped engine then costs the search page one short timeout (the
articles'), not two. Events are not part of the faceted article listing: its counts and pages
are the articles'.
"""

import logging

from django.utils import timezone

from search import engine

from .models import EventPage

EVENT_HITS = 5
logger = logging.getLogger("pedagogsajten.search")


def searchable_events():
    return EventPage.objects.readable()


def matching_events(query: str) -> list[EventPage]:
    """Up to EVENT_HITS events matching every word: upcoming ones first (soonest first), then
    past ones (latest first)."""
    database = engine.available_backends()[-1]
    try:
        ids = [
            event.pk
            for event in searchable_events().search(query, operator="and", backend=database)[:50]
        ]
    except Exception:  # noqa: BLE001 - the articles' results must still be shown
        logger.warning("Event search failed on backend %r", database, exc_info=True)
        return []
    if not ids:
        return []
    events = list(EventPage.objects.filter(pk__in=ids).for_listing())
    now = timezone.now()
    upcoming = sorted((e for e in events if e.end >= now), key=lambda e: (e.start, e.pk))
    past = sorted((e for e in events if e.end < now), key=lambda e: (e.start, e.pk), reverse=True)
    return (upcoming + past)[:EVENT_HITS]


def event_search_context(request) -> dict:
    query = engine.normalise_query(request.GET.get("q", ""))
    return {"event_hits": matching_events(query) if query else []}
