"""Article listings: `/artiklar/`, a school form's, theme's, author's or tag's articles, each
municipality's section and the search page all list articles the same way — an optional text
query, facets (school form, subject, theme, content type, municipality), sorting and paging.

The search engine (search/engine.py) answers the text query with article ids in relevance order.
Facets are many-to-many or related fields that search backends cannot filter or count, so those
ids are narrowed and counted in PostgreSQL. The same code runs on either backend.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from search import engine
from search.models import SearchQueryDay

from .models import ArticlePage

RESULTS_PER_PAGE = 10
# Faceting, counting and paging consider the most relevant hits up to this many; past it the reader
# is told there are more and invited to narrow the search (measured: faceting all 10,000 hits of a
# broad query took over a second).
MAX_CANDIDATES = 1_000
SORT_RELEVANCE, SORT_NEWEST = "relevans", "nyast"


@dataclass(frozen=True)
class Facet:
    parameter: str  # the URL parameter, Swedish: ?skolform=forskola
    label: str
    field: str  # the ArticlePage field classifying articles by this facet

    @property
    def model(self):
        return ArticlePage._meta.get_field(self.field).related_model

    @property
    def lookup(self) -> str:
        return f"{self.field}__slug"

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    def terms(self):
        if self.is_page:  # municipality sections: the live ones, by name
            return self.model.objects.live().order_by("title")
        return self.model.objects.all()

    def label_of(self, term) -> str:
        return term.title if self.is_page else term.name


FACETS = (
    Facet("skolform", "Skolform", "school_forms"),
    Facet("amne", "Ämne", "subjects"),
    Facet("tema", "Tema", "themes"),
    Facet("typ", "Innehållstyp", "article_type"),
    Facet("kommun", "Kommun", "municipality"),
)


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class ListingOutcome:
    article_ids: list[int]  # in display order
    facets: list[tuple[Facet, list[FacetOption]]] = field(default_factory=list)
    failed: bool = False  # no backend could answer: show a friendly message
    capped: bool = False  # the text matched more than MAX_CANDIDATES articles


def searchable_articles():
    """What readers may find: live articles outside private sections."""
    return ArticlePage.objects.live().public()


def run_listing(
    query: str, selected: dict[str, str], sort: str, scope: dict | None = None, skip_facets=()
) -> ListingOutcome:
    """`scope` fixes a filter the reader cannot remove (a school form's page, an author's page);
    `skip_facets` are facets such a page does not offer."""
    base = searchable_articles().filter(**(scope or {}))
    if query:
        ids = engine.matching_ids(searchable_articles(), query, MAX_CANDIDATES)
        if ids is None:
            return ListingOutcome(article_ids=[], failed=True)
        base = base.filter(pk__in=ids)
    else:
        ids = None

    def narrowed(queryset, skip: Facet | None = None):
        for facet in FACETS:
            if facet is not skip and selected.get(facet.parameter):
                queryset = queryset.filter(**{facet.lookup: selected[facet.parameter]})
        return queryset

    matching = narrowed(base).distinct()
    if sort == SORT_NEWEST or ids is None:
        article_ids = list(
            matching.order_by("-publication_date", "-pk").values_list("pk", flat=True)
        )
    else:
        allowed = set(matching.values_list("pk", flat=True))
        article_ids = [pk for pk in ids if pk in allowed]

    facets = []
    for facet in FACETS:
        if facet.parameter in skip_facets:
            continue
        # Counts for one facet apply every other selected facet, so each number says what
        # choosing that value would give. Counting only the terms the articles use, then reading
        # the (small) term table, measured faster than one annotated query over every term.
        counts = facet_counts(facet, narrowed(base, skip=facet).values("pk"))
        options = [
            FacetOption(
                term.slug,
                facet.label_of(term),
                counts.get(term.slug, 0),
                selected.get(facet.parameter) == term.slug,
            )
            for term in facet.terms()
        ]
        facets.append((facet, [option for option in options if option.count or option.selected]))
    capped = ids is not None and len(ids) >= MAX_CANDIDATES
    return ListingOutcome(article_ids=article_ids, facets=facets, capped=capped)


def facet_counts(facet: Facet, article_ids) -> dict[str, int]:
    """Articles per term among the given ones: one query. Every facet model names its articles
    `articles` (the related_name on ArticlePage)."""
    rows = (
        facet.model.objects.filter(articles__in=article_ids)
        .values("slug")
        .annotate(hits=Count("articles", distinct=True))
    )
    return {row["slug"]: row["hits"] for row in rows}


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

    outcome = (
        run_listing(query, selected, sort, scope, skip_facets=fixed_facets) if searched else None
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
        "SORT_NEWEST": SORT_NEWEST,
        "promotions": engine.promotions(query),
        "selected": selected,
        "is_listing": is_listing,
    }


def search_context(request) -> dict:
    """The search page (`/sok/`): the article listing once the reader has asked for something."""
    return listing_context(request, is_listing=False)
