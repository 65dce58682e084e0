"""Events on the search page (/sok/): the events matching the reader's words, shown above the
articles. site/urls.py adds this to the search page's context, so neither the search app nor the
articles know about events.

Asked like every other search (search/engine.py `first_answer`): the engine first when one is
configured, through its circuit breaker and the readers' short timeouts, PostgreSQL's full-text
search (the project's Swedish analysis) when it is not or does not answer. Events are not part of
the faceted article listing: its counts and pages are the articles'.
"""

from django.utils import timezone

from search import engine

from .models import EventPage

EVENT_HITS = 5


def searchable_events():
    return EventPage.objects.readable()


def matching_events(query: str) -> list[EventPage]:
    """Up to EVENT_HITS events matching every word: upcoming ones first (soonest first), then
    past ones (latest first)."""
    answered, ids = engine.first_answer(
        lambda name: [
            event.pk
            for event in searchable_events().search(query, operator="and", backend=name)[:50]
        ],
        "Event search",
    )
    if not answered or not ids:
        return []
    events = list(EventPage.objects.filter(pk__in=ids).for_listing())
    now = timezone.now()
    upcoming = sorted((e for e in events if e.end >= now), key=lambda e: (e.start, e.pk))
    past = sorted((e for e in events if e.end < now), key=lambda e: (e.start, e.pk), reverse=True)
    return (upcoming + past)[:EVENT_HITS]


def event_search_context(request) -> dict:
    query = engine.normalise_query(request.GET.get("q", ""))
    return {"event_hits": matching_events(query) if query else []}
