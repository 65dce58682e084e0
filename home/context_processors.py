from django.utils.functional import SimpleLazyObject

from .models import StandardPage

ABOUT_PAGE_SLUG = "om-pedagogsajten"


def site_navigation(request):
    """The fixed pages linked from every page's footer: one query, only when a template uses them."""

    def load():
        if not hasattr(request, "_footer_pages"):
            request._footer_pages = list(
                StandardPage.objects.live()
                .public()
                .order_by("path")
                .only("title", "slug", "url_path")
            )
        return request._footer_pages

    return {
        "footer_pages": SimpleLazyObject(load),
        "about_page": SimpleLazyObject(
            lambda: next((page for page in load() if page.slug == ABOUT_PAGE_SLUG), None)
        ),
    }
