from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query as PromotedQuery

from blog.models import ArticlePage

from .models import SearchQueryDay
from .query import (
    FACETS,
    MAX_CANDIDATES,
    SORT_NEWEST,
    SORT_RELEVANCE,
    available_backends,
    logger,
    normalise_query,
    run_search,
)

RESULTS_PER_PAGE = 10
SUGGESTIONS = 8
MIN_SUGGESTION_LENGTH = 2


def _url_with(parameters, **changes) -> str:
    """The current search's query string with some parameters changed (None removes one)."""
    updated = parameters.copy()
    updated.pop("sida", None)
    for name, value in changes.items():
        updated.pop(name, None)
        if value:
            updated[name] = value
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


def _promotions(query: str):
    if not query:
        return []
    promoted = PromotedQuery.objects.filter(query_string=normalise_query_string(query)).first()
    if promoted is None:
        return []
    return list(promoted.editors_picks.select_related("page").order_by("sort_order"))


@require_GET
def search(request):
    """Public search over live, public articles: text, facets, sorting, pagination (Swedish URLs)."""
    return article_listing(request)


def article_listing(
    request, *, heading: str = "", intro: str = "", scope: dict | None = None, feed_url: str = ""
):
    """The search page, or a listing (all articles, a school form, an author …) when a heading is
    given: a listing shows its articles before the reader types anything."""
    context = listing_context(request, scope=scope, is_listing=bool(heading))
    context.update({"heading": heading, "intro": intro, "feed_url": feed_url})
    return TemplateResponse(request, "search/search.html", context)


def listing_context(
    request, *, scope: dict | None = None, is_listing: bool = True, fixed_facets=()
) -> dict:
    """Results, facets, sorting and pagination for the current request's query string.

    `fixed_facets` names facets the page itself fixes (a municipality's own section), not shown."""
    query = normalise_query(request.GET.get("q", ""))
    selected = {
        facet.parameter: request.GET[facet.parameter].strip()
        for facet in FACETS
        if facet.parameter not in fixed_facets and request.GET.get(facet.parameter, "").strip()
    }
    sort = (
        SORT_NEWEST if request.GET.get("sortering") == SORT_NEWEST or not query else SORT_RELEVANCE
    )
    searched = bool(query or selected or is_listing)

    outcome = (
        run_search(query, selected, sort, scope, skip_facets=fixed_facets) if searched else None
    )
    ids = outcome.article_ids if outcome else []
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    page_of_ids = paginator.get_page(request.GET.get("sida"))
    articles = ArticlePage.objects.for_listing().filter(pk__in=list(page_of_ids.object_list))
    by_id = {article.pk: article for article in articles}
    results = [by_id[pk] for pk in page_of_ids.object_list if pk in by_id]

    # A search is counted once, on its first page: paging through results is not searching again.
    first_page = request.GET.get("sida", "1") in ("", "1")
    if query and first_page and outcome and not outcome.failed:
        SearchQueryDay.record(timezone.localdate(), query.lower(), len(ids))

    facets = []
    for facet, options in outcome.facets if outcome else []:
        links = [
            {
                "option": option,
                "url": _url_with(
                    request.GET, **{facet.parameter: None if option.selected else option.slug}
                ),
            }
            for option in options
        ]
        facets.append({"facet": facet, "options": links})
    active_filters = [
        {"label": option["option"].name, "facet": group["facet"].label, "remove_url": option["url"]}
        for group in facets
        for option in group["options"]
        if option["option"].selected
    ]
    return {
        "query": query,
        "searched": searched,
        "failed": bool(outcome and outcome.failed),
        "capped": bool(outcome and outcome.capped),
        "max_candidates": MAX_CANDIDATES,
        "results": results,
        "page_of_ids": page_of_ids,
        "paginator": paginator,
        "facets": facets,
        "active_filters": active_filters,
        "sort": sort,
        "sort_relevance_url": _url_with(request.GET, sortering=None),
        "sort_newest_url": _url_with(request.GET, sortering=SORT_NEWEST),
        "SORT_NEWEST": SORT_NEWEST,
        "promotions": _promotions(query),
        "extra_query": _url_with(request.GET)[1:],
        "selected": selected,
        "is_listing": is_listing,
    }


@require_GET
def suggestions(request):
    """Titles for autocomplete as the reader types: a small JSON list (progressive enhancement)."""
    text = normalise_query(request.GET.get("q", ""))
    if len(text) < MIN_SUGGESTION_LENGTH:
        return JsonResponse({"suggestions": []})
    found = autocomplete_titles(text)
    response = JsonResponse({"suggestions": found})
    response["Cache-Control"] = "public, max-age=300"
    return response


def autocomplete_titles(text: str) -> list[dict]:
    for name in available_backends():
        try:
            pages = (
                ArticlePage.objects.live().public().autocomplete(text, backend=name)[:SUGGESTIONS]
            )
            return [{"title": page.title, "url": page.url} for page in pages]
        except Exception:  # noqa: BLE001 - suggestions are optional; the next backend may answer
            logger.warning("Autocomplete failed on backend %r", name, exc_info=True)
    return []
