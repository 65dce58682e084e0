from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from blog.models import ArticlePage, SchoolForm
from municipalities.models import MunicipalityPage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Public search over live, public articles, in Swedish (engine work follows in a later issue)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    school_form = SchoolForm.objects.filter(slug=request.GET.get("skolform", "")).first()
    municipality = (
        MunicipalityPage.objects.live().filter(slug=request.GET.get("kommun", "")).first()
    )

    articles = ArticlePage.objects.for_listing()
    if school_form:
        # Search backends filter only on a model's own fields, so the many-to-many filter becomes ids.
        classified = ArticlePage.objects.filter(school_forms=school_form).values_list(
            "pk", flat=True
        )
        articles = articles.filter(pk__in=list(classified))
    if municipality:
        articles = articles.filter(municipality=municipality)

    searched = bool(query or school_form or municipality)
    if query:
        results = articles.search(query, operator="and")
    elif searched:
        results = articles.order_by("-publication_date", "-pk")
    else:
        results = ArticlePage.objects.none()

    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_of_results = paginator.get_page(request.GET.get("sida"))

    other_parameters = request.GET.copy()
    other_parameters.pop("sida", None)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": query,
            "searched": searched,
            "school_form": school_form,
            "municipality": municipality,
            "results": page_of_results,
            "paginator": paginator,
            "extra_query": other_parameters.urlencode(),
            "school_forms": SchoolForm.objects.all(),
        },
    )
