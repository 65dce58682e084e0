"""The public article search: full text from the search backend, facets and ordering in SQL.

The backend (OpenSearch/Elasticsearch, or PostgreSQL's full-text search) answers the text query
with article ids in relevance order. Facets (school form, subject, theme, content type,
municipality) are many-to-many or related fields that search backends cannot filter or count, so
those ids are narrowed and counted in PostgreSQL. The same code runs on either backend.
"""

import logging
from dataclasses import dataclass, field

from django.db.models import Count

from blog.models import ArticlePage, ArticleType, SchoolForm, Subject, Theme
from municipalities.models import MunicipalityPage

logger = logging.getLogger("pedagogsajten.search")

MAX_QUERY_LENGTH = 200
# Faceting, counting and paging consider the most relevant hits up to this many; past it the reader
# is told there are more and invited to narrow the search (measured: faceting all 10,000 hits of a
# broad query took over a second).
MAX_CANDIDATES = 1_000
SORT_RELEVANCE, SORT_NEWEST = "relevans", "nyast"


@dataclass(frozen=True)
class Facet:
    parameter: str  # the URL parameter, Swedish: ?skolform=forskola
    label: str
    model: type
    lookup: str  # from ArticlePage to the term's slug

    def terms(self):
        if self.model is MunicipalityPage:
            return MunicipalityPage.objects.live().order_by("title")
        return self.model.objects.all()

    def label_of(self, term) -> str:
        return term.title if self.model is MunicipalityPage else term.name


FACETS = (
    Facet("skolform", "Skolform", SchoolForm, "school_forms__slug"),
    Facet("amne", "Ämne", Subject, "subjects__slug"),
    Facet("tema", "Tema", Theme, "themes__slug"),
    Facet("typ", "Innehållstyp", ArticleType, "article_type__slug"),
    Facet("kommun", "Kommun", MunicipalityPage, "municipality__slug"),
)


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    article_ids: list[int]  # in display order
    facets: list[tuple[Facet, list[FacetOption]]] = field(default_factory=list)
    failed: bool = False  # no backend could answer: show a friendly message
    capped: bool = False  # the text matched more than MAX_CANDIDATES articles


def normalise_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def text_search_ids(query: str, backend_name: str) -> list[int]:
    """Ids of live, public articles matching the text, best first, without loading the articles."""
    results = (
        ArticlePage.objects.live().public().search(query, operator="and", backend=backend_name)
    )
    if hasattr(results, "matching_ids"):  # our Elasticsearch/OpenSearch backends
        return results.matching_ids(MAX_CANDIDATES)
    if hasattr(results, "get_queryset"):  # PostgreSQL: the ranked queryset, as ids only
        return list(results[:MAX_CANDIDATES].get_queryset().values_list("pk", flat=True))
    return [page.pk for page in results[:MAX_CANDIDATES]]


def search_with_fallback(query: str, backends: list[str]) -> list[int] | None:
    """Try each backend in turn; an unreachable engine gives way to the database backend."""
    for name in backends:
        try:
            return text_search_ids(query, name)
        except Exception:  # noqa: BLE001 - any engine failure must leave the reader with results
            logger.warning(
                "Search backend %r failed for a query; trying the next one", name, exc_info=True
            )
    return None


def available_backends() -> list[str]:
    from django.conf import settings

    names = list(settings.WAGTAILSEARCH_BACKENDS)
    return ["default"] + [name for name in names if name != "default"]


def run_search(
    query: str, selected: dict[str, str], sort: str, scope: dict | None = None, skip_facets=()
) -> SearchOutcome:
    """`scope` fixes a filter the reader cannot remove (a school form's page, an author's page);
    `skip_facets` are facets such a page does not offer."""
    base = ArticlePage.objects.live().public().filter(**(scope or {}))
    if query:
        ids = search_with_fallback(query, available_backends())
        if ids is None:
            return SearchOutcome(article_ids=[], failed=True)
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
    return SearchOutcome(article_ids=article_ids, facets=facets, capped=capped)


def facet_counts(facet: Facet, article_ids) -> dict[str, int]:
    """Articles per term among the given ones: one query. Every facet model names its articles
    `articles` (the related_name on ArticlePage)."""
    rows = (
        facet.model.objects.filter(articles__in=article_ids)
        .values("slug")
        .annotate(hits=Count("articles", distinct=True))
    )
    return {row["slug"]: row["hits"] for row in rows}
