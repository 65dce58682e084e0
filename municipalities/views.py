"""`/kommuner/`: the eleven municipalities' sections, the header menu's way in by municipality."""

from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core.fragment_cache import cached

from .models import MunicipalityPage


def live_sections(site_root) -> list[MunicipalityPage]:
    """The live, public sections below the site's home page, each with its live articles counted
    in the same query."""
    return list(
        MunicipalityPage.objects.child_of(site_root)
        .live()
        .public()
        .annotate(article_count=Count("articles", filter=Q(articles__live=True)))
        .select_related("image")
        .order_by("title")
    )


@require_GET
def municipality_index(request):
    site = Site.find_for_request(request)
    sections = cached("municipality-index", site.pk, build=lambda: live_sections(site.root_page))
    return TemplateResponse(
        request, "municipalities/municipality_index.html", {"sections": sections}
    )
