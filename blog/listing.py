"""Article listings: `/artiklar/`, a school form's, theme's, author's or tag's articles, each
municipality's section and the search page all list articles the same way — an optional text
query, facets (school form, subject, theme, content type, municipality), sorting and paging.

The search layer answers all of it at once (search/faceted.py through search/engine.py): the page
of article ids, the exact number of matches and every facet's counts, from one engine request
(OpenSearch/Elasticsearch) or, on PostgreSQL, the text search's ranked ids and one grouped SQL
statement. Facets and scopes are given as the articles' filter fields (blog/models/articles.py),
term ids rather than slugs; this module turns the URL's slugs into ids and the counts back into
the named options the template shows. Repeated searches are answered from a short-lived cache
that publishing clears (blog/signal_handlers.py); the query log is written after the response
(search/query_log.py).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page as PageOfResults
from django.core.paginator import Paginator
from django.utils import timezone
from wagtail.models import Page

from search import engine, faceted, query_log
from search.faceted import MAX_RESULT_WINDOW, FacetedQuery, Restriction
from search.suggest import MAX_HITS as MOST_HITS_WITH_A_SUGGESTION
from search.suggest import did_you_mean

from .models import ArticlePage

RESULTS_PER_PAGE = 10
SORT_RELEVANCE, SORT_NEWEST = "relevans", "nyast"
# Never a term's id: a chosen slug that names no term matches nothing, as before.
NO_TERM = -1


@dataclass(frozen=True)
class Facet:
    parameter: str  # the URL parameter, Swedish: ?skolform=forskola
    label: str
    field: str  # the ArticlePage field classifying articles by this facet
    filter_field: str = ""  # the engine's filter field with the same term ids (default: field)
    # PostgreSQL: the article row's array of the same term ids (blog/migrations/0009_…)
    terms_column: str = ""

    @property
    def search_facet(self) -> faceted.Facet:
        return faceted.Facet(self.field, self.filter_field, self.terms_column)

    @property
    def model(self):
        return ArticlePage._meta.get_field(self.field).related_model

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    def terms(self) -> list[tuple[int, str, str]]:
        """(id, slug, name) of every term, in the order facets show them."""
        if self.is_page:  # municipality sections: the live ones, by name
            return list(
                self.model.objects.live().order_by("title").values_list("pk", "slug", "title")
            )
        return list(self.model.objects.values_list("pk", "slug", "name"))


FACETS = (
    Facet("skolform", "Skolform", "school_forms", "school_form_ids", "terms_school_forms"),
    Facet("amne", "Ämne", "subjects", "subject_ids", "terms_subjects"),
    Facet("tema", "Tema", "themes", "theme_ids", "terms_themes"),
    Facet("typ", "Innehållstyp", "article_type"),
    Facet("kommun", "Kommun", "municipality"),
)

# A listing's fixed scope is given as ORM filters (blog/views.py, the municipality page): the
# engine filters on these filter fields instead (blog/models/articles.py); any other key is a
# filter field of its own name.
SCOPE_FILTER_FIELDS = {
    facet.field: facet.filter_field for facet in FACETS if facet.filter_field
} | {"tags": "tag_ids", "article_authors__author": "author_ids"}


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class ListingOutcome:
    article_ids: list[int]  # the page shown, in display order
    total: int = 0  # every matching article, exact on both backends
    page_number: int = 1  # the page shown: a page past the end shows the last one
    facets: list[tuple[Facet, list[FacetOption]]] = field(default_factory=list)
    failed: bool = False  # no backend could answer: show a friendly message


def searchable_articles():
    """What readers may find: live articles outside private sections."""
    return ArticlePage.objects.live().public()


def scope_restrictions(scope: dict | None) -> tuple[Restriction, ...]:
    return tuple(
        Restriction(
            field=SCOPE_FILTER_FIELDS.get(lookup, lookup),
            values=(getattr(value, "pk", value),),
            lookup=lookup,
        )
        for lookup, value in sorted((scope or {}).items())
    )


def run_listing(
    query: str,
    selected: dict[str, str],
    sort: str,
    scope: dict | None = None,
    skip_facets=(),
    *,
    page: int = 1,
    per_page: int = RESULTS_PER_PAGE,
) -> ListingOutcome:
    """`scope` fixes a filter the reader cannot remove (a school form's page, an author's page);
    `skip_facets` are facets such a page does not offer."""
    shown = [facet for facet in FACETS if facet.parameter not in skip_facets]
    # Every listing reads them: kept until a term, a section or an article changes (the cache of
    # search answers, search/engine.py).
    terms = engine.remember("blog:facet-terms", lambda: {f.parameter: f.terms() for f in FACETS})
    chosen = []
    for facet in FACETS:
        slug = selected.get(facet.parameter)
        if slug:
            by_slug = {term_slug: pk for pk, term_slug, _name in terms[facet.parameter]}
            chosen.append((facet.field, (by_slug.get(slug, NO_TERM),)))
    answer = engine.faceted_search(
        ArticlePage,
        searchable_articles,
        FacetedQuery(
            text=query,
            facets=tuple(facet.search_facet for facet in shown),
            chosen=tuple(chosen),
            scope=scope_restrictions(scope),
            newest_first=sort == SORT_NEWEST or not query,
            offset=min((max(1, page) - 1) * per_page, MAX_RESULT_WINDOW),
            limit=per_page,
        ),
    )
    if answer is None:
        return ListingOutcome(article_ids=[], failed=True)

    facets = []
    for facet in shown:
        counts = answer.counts.get(facet.field, {})
        options = [
            FacetOption(slug, name, counts.get(pk, 0), selected.get(facet.parameter) == slug)
            for pk, slug, name in terms[facet.parameter]
        ]
        facets.append((facet, [option for option in options if option.count or option.selected]))
    return ListingOutcome(
        article_ids=answer.ids,
        total=answer.total,
        page_number=answer.offset // per_page + 1,
        facets=facets,
    )


def _page_number(value) -> int:
    """The `sida` parameter as Django's Paginator.get_page reads it: anything but a positive
    whole number is the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, number)


def _url_with(parameters, **changes) -> str:
    """The current query string with one facet changed (None removes it), back on the first page.

    Sort and page links use Django's {% querystring %} tag; a facet's parameter name is data, which
    that tag (Django 5.2) cannot take, and removing the last filter must give "?", not the "" the
    tag returns (a link to the current, still filtered, address)."""
    updated = parameters.copy()
    updated.pop("sida", None)
    for name, value in changes.items():
        updated.pop(name, None)
        if value:
            updated[name] = value
    return f"?{updated.urlencode()}"


def listing_context(
    request, *, scope: dict | None = None, is_listing: bool = True, fixed_facets=()
) -> dict:
    """Results, facets, sorting and pagination for the current request's query string.

    A listing (all articles, a school form, an author …) shows its articles before the reader
    types anything; the search page (`is_listing=False`) waits for a query or a facet.
    `fixed_facets` names facets the page itself fixes (a municipality's own section), not shown."""
    query = engine.normalise_query(request.GET.get("q", ""))
    selected = {
        facet.parameter: request.GET[facet.parameter].strip()
        for facet in FACETS
        if facet.parameter not in fixed_facets and request.GET.get(facet.parameter, "").strip()
    }
    sort = (
        SORT_NEWEST if request.GET.get("sortering") == SORT_NEWEST or not query else SORT_RELEVANCE
    )
    searched = bool(query or selected or is_listing)
    asked_page = request.GET.get("sida", "1")

    def answer(text):
        return run_listing(
            text, selected, sort, scope, skip_facets=fixed_facets, page=_page_number(asked_page)
        )

    outcome = answer(query) if searched else None
    found = outcome.total if outcome else 0
    # "Menade du …?": for a search that found 0–2 articles, the closest words readers could find
    # (not asked for more: building what may be found costs a query). A search that found
    # nothing shows the suggestion's articles at once, saying so (`larare` typed on a foreign
    # keyboard gives the articles about `lärare`); with a few hits the suggestion is a link that
    # keeps the filters.
    suggestion = (
        did_you_mean(query, searchable_articles(), hits=found)
        if query and outcome and not outcome.failed and found <= MOST_HITS_WITH_A_SUGGESTION
        else None
    )
    corrected_query = None
    if suggestion and not found:
        retry = answer(suggestion)
        if retry.total and not retry.failed:
            outcome, corrected_query, suggestion = retry, suggestion, None
    total = outcome.total if outcome else 0
    # Page links up to what the engine can page to (search/faceted.py); the total stays exact.
    paginator = Paginator(range(min(total, MAX_RESULT_WINDOW)), RESULTS_PER_PAGE)
    page_ids = outcome.article_ids if outcome else []
    page_of_ids = PageOfResults(page_ids, outcome.page_number if outcome else 1, paginator)
    # The first, the last and the pages around this one: a broad search has a thousand pages.
    page_numbers = list(paginator.get_elided_page_range(page_of_ids.number, on_each_side=2))
    articles = ArticlePage.objects.for_listing().filter(pk__in=page_ids)
    by_id = {article.pk: article for article in articles}
    results = [by_id[pk] for pk in page_ids if pk in by_id]

    # A search is counted once, on its first page: paging through results is not searching
    # again. A cached answer is counted like any other; the write waits for the response.
    # What the reader typed is logged with what it found itself, so a corrected search still shows
    # among the searches without hits.
    if query and asked_page in ("", "1") and outcome and not outcome.failed:
        query_log.count(timezone.localdate(), query.lower(), found)

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
    context = {
        "query": query,
        "searched": searched,
        "failed": bool(outcome and outcome.failed),
        "total": total,
        "results": results,
        "page_of_ids": page_of_ids,
        "paginator": paginator,
        "page_numbers": page_numbers,
        "facets": facets,
        "active_filters": active_filters,
        "sort": sort,
        "SORT_NEWEST": SORT_NEWEST,
        "promotions": engine.promotions(query),
        "selected": selected,
        "is_listing": is_listing,
        "did_you_mean": suggestion,
        "corrected_query": corrected_query,
    }
    return context


def search_context(request) -> dict:
    """The search page (`/sok/`): the article listing once the reader has asked for something."""
    return listing_context(request, is_listing=False)
