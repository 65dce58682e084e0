"""The search engine layer: full-text search over a queryset it is given, on the configured
backends in turn (OpenSearch/Elasticsearch, then PostgreSQL's full-text search), and the
editors' promoted results. It knows no page model: callers pass what may be found.

An engine that fails or does not answer within the reader timeouts gives way to PostgreSQL; after
a few failures in a row its circuit breaker skips it for a while (search/breaker.py).
"""

import logging

from django.conf import settings
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query as PromotedQuery

from .backends import reader_requests
from .breaker import breaker_for

logger = logging.getLogger("pedagogsajten.search")

MAX_QUERY_LENGTH = 200


def normalise_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def available_backends() -> list[str]:
    names = list(settings.WAGTAILSEARCH_BACKENDS)
    return ["default"] + [name for name in names if name != "default"]


def text_search_ids(queryset, query: str, backend_name: str, limit: int) -> list[int]:
    """Ids of the queryset's objects matching the text, best first, without loading them."""
    results = queryset.search(query, operator="and", backend=backend_name)
    if hasattr(results, "matching_ids"):  # our Elasticsearch/OpenSearch backends
        return results.matching_ids(limit)
    if hasattr(results, "get_queryset"):  # PostgreSQL: the ranked queryset, as ids only
        return list(results[:limit].get_queryset().values_list("pk", flat=True))
    return [item.pk for item in results[:limit]]


def first_answer(ask, what: str):
    """`ask(backend_name)` on each backend in turn until one answers; (True, its answer), or
    (False, None) when none could.

    Every backend but the last goes through its circuit breaker (search/breaker.py), shared by
    search and autocomplete. All are asked inside `reader_requests()`, which gives the engine
    clients short timeouts and no retries (PostgreSQL is not affected). The last one, PostgreSQL
    when an engine is configured, is the reader's last resort and is always asked."""
    names = available_backends()
    for position, name in enumerate(names):
        fallback = names[position + 1] if position + 1 < len(names) else None
        breaker = breaker_for(name) if fallback else None
        if breaker is not None and not breaker.allow():
            continue
        try:
            with reader_requests():
                answer = ask(name)
        except Exception as error:  # noqa: BLE001 - any engine failure must leave the reader with results
            if breaker is not None:
                breaker.failed(error, fallback)
            else:
                # The last resort failed too (the database itself, or a bug): worth a traceback.
                logger.warning("%s failed on backend %r", what, name, exc_info=True)
            continue
        if breaker is not None:
            breaker.succeeded()
        return True, answer
    return False, None


def matching_ids(queryset, query: str, limit: int) -> list[int] | None:
    """Ids of the matching objects, best first, from the first backend that answers; an
    unreachable engine gives way to the database backend. None when no backend could answer."""
    _answered, ids = first_answer(
        lambda name: text_search_ids(queryset, query, name, limit), "Search"
    )
    return ids


def autocomplete(queryset, text: str, limit: int) -> list:
    """Objects whose autocomplete fields start with the text, from the first backend that answers."""
    answered, objects = first_answer(
        lambda name: list(queryset.autocomplete(text, backend=name)[:limit]), "Autocomplete"
    )
    return objects if answered else []


def promotions(query: str) -> list:
    """The editors' promoted results for this query (Wagtail's search promotions)."""
    if not query:
        return []
    promoted = PromotedQuery.objects.filter(query_string=normalise_query_string(query)).first()
    if promoted is None:
        return []
    return list(promoted.editors_picks.select_related("page").order_by("sort_order"))
