"""The search engine layer: full-text search over a queryset it is given, on the configured
backends in turn (OpenSearch/Elasticsearch, then PostgreSQL's full-text search), and the
editors' promoted results. It knows no page model: callers pass what may be found.

An engine that fails or does not answer within the reader timeouts gives way to PostgreSQL; after
a few failures in a row its circuit breaker skips it for a while (search/breaker.py).

Faceted answers (search/faceted.py) are kept for SEARCH_RESULTS_CACHE_SECONDS in the default
cache, under a key made of the normalised request, the engine's configuration and the
*generation* of published content (core/fragment_cache.py): every change to what readers can find
(publishing, unpublishing, moving, the taxonomy, view restrictions) replaces it, so every process
sharing the cache stops using older answers at once without anything being deleted.
"""

import hashlib
import logging
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query as PromotedQuery

from core.fragment_cache import cached, generation

from . import faceted
from .backends import reader_requests
from .breaker import breaker_for

logger = logging.getLogger("pedagogsajten.search")

MAX_QUERY_LENGTH = 200


def normalise_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def available_backends() -> list[str]:
    names = list(settings.WAGTAILSEARCH_BACKENDS)
    return ["default"] + [name for name in names if name != "default"]


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


# How long a faceted answer is reused (seconds; 0: never). Publishing clears them all at once.
DEFAULT_RESULTS_CACHE_SECONDS = 60


def results_cache_seconds() -> int:
    return int(getattr(settings, "SEARCH_RESULTS_CACHE_SECONDS", DEFAULT_RESULTS_CACHE_SECONDS))


# The cache is a speed-up only: when it fails (a full disk, Redis away) searches are answered
# as if nothing were cached, and each failure is logged without a traceback.
def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001
        logger.warning("The search results cache does not answer: %s", error)
        return None


def _cache_set(key: str, value, seconds) -> bool:
    try:
        cache.set(key, value, seconds)
    except Exception as error:  # noqa: BLE001
        logger.warning("The search results cache could not be written: %s", error)
        return False
    return True


def _cache_key(model, query: faceted.FacetedQuery) -> str | None:
    """The key of this answer in the current generation (None: the cache does not answer)."""
    token = generation()
    if token is None:
        return None
    # The answering backend is part of the key: tests and deployments switch engines and indexes.
    primary = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    engine = (primary.get("BACKEND"), primary.get("URLS"), primary.get("INDEX_PREFIX"))
    engine_key = hashlib.sha256(repr(engine).encode()).hexdigest()[:16]
    # What may be found is the same for a model (what readers may find); the query carries
    # everything else.
    label = model._meta.label_lower
    return f"search:results:{token}:{label}:{engine_key}:{query.cache_key()}"


def remember(name: str, compute):
    """`compute()`, kept like the search answers: until published content changes or
    SEARCH_RESULTS_CACHE_SECONDS pass. For small data every listing reads, such as the facets'
    terms."""
    seconds = results_cache_seconds()
    if seconds <= 0:
        return compute()
    return cached(f"search:{name}", build=compute, seconds=seconds)


def faceted_search(model, searchable, query: faceted.FacetedQuery):
    """The page of hits, the exact total and the facet counts (search/faceted.py) from the first
    backend that answers, or None when none could. `searchable()` gives the queryset of what may
    be found (of `model`); it is asked only when no cached answer serves, since building it may
    cost a query (Wagtail's `.public()` reads the view restrictions). The text is normalised
    (case and spaces do not change what is found), so equal searches share one cached answer."""
    query = replace(query, text=normalise_query(query.text).lower())
    seconds = results_cache_seconds()
    key = _cache_key(model, query) if seconds > 0 else None
    answer = _cache_get(key) if key else None
    if answer is not None:
        return answer
    queryset = searchable()

    asked = []

    def ask(name):
        asked.append(name)
        return faceted.run(queryset, query, name)

    answered, answer = first_answer(ask, "Search")
    if not answered:
        return None
    # Only the first backend's answers are kept: a fallback's (PostgreSQL while the engine is
    # down) would otherwise outlive the engine's recovery.
    if key and asked[-1] == available_backends()[0]:
        _cache_set(key, answer, seconds)
    return answer


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
