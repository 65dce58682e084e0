from django.utils.functional import SimpleLazyObject

from core.fragment_cache import cached

from .models import StandardPage

ABOUT_PAGE_SLUG = "om-pedagogsajten"


def site_navigation(request):
    """The fixed pages linked from every page's footer: kept in the fragment cache until
    something is published, read only when a template uses them."""

    def footer_pages():
        return list(
            StandardPage.objects.live().public().order_by("path").only("title", "slug", "url_path")
        )

    def load():
        if not hasattr(request, "_footer_pages"):
            request._footer_pages = cached("footer-pages", build=footer_pages)
        return request._footer_pages

    return {
        "footer_pages": SimpleLazyObject(load),
        "about_page": SimpleLazyObject(
            lambda: next((page for page in load() if page.slug == ABOUT_PAGE_SLUG), None)
        ),
    }
