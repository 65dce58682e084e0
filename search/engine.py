"""The search engine layer: full-text search over a queryset it is given, on the configured
backends in turn (OpenSearch/Elasticsearch, then PostgreSQL's full-text search), and the
editors' promoted results. It knows no page model: callers pass what may be found.
"""

import logging

from django.conf import settings
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query as PromotedQuery

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


def matching_ids(queryset, query: str, limit: int) -> list[int] | None:
    """Try each backend in turn; an unreachable engine gives way to the database backend.
    None when no backend could answer."""
    for name in available_backends():
        try:
            return text_search_ids(queryset, query, name, limit)
        except Exception:  # noqa: BLE001 - any engine failure must leave the reader with results
            logger.warning(
                "Search backend %r failed for a query; trying the next one", name, exc_info=True
            )
    return None


def autocomplete(queryset, text: str, limit: int) -> list:
    """Objects whose autocomplete fields start with the text, from the first backend that answers."""
    for name in available_backends():
        try:
            return list(queryset.autocomplete(text, backend=name)[:limit])
        except Exception:  # noqa: BLE001 - suggestions are optional; the next backend may answer
            logger.warning("Autocomplete failed on backend %r", name, exc_info=True)
    return []


def promotions(query: str) -> list:
    """The editors' promoted results for this query (Wagtail's search promotions)."""
    if not query:
        return []
    promoted = PromotedQuery.objects.filter(query_string=normalise_query_string(query)).first()
    if promoted is None:
        return []
    return list(promoted.editors_picks.select_related("page").order_by("sort_order"))
