from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.listing import search_context, searchable_articles
from blog.views import LISTING_TEMPLATE
from calendar_events.search import event_search_context
from core.views import serve
from media_library.views import private_file
from search.views import SearchView, SuggestionsView

from .api import api_router


def articles_and_events(request) -> dict:
    """The search page: the articles (with facets) and, above them, the matching events."""
    return search_context(request) | event_search_context(request)


# The search app knows no page model: here it is told to search the articles readers may see.
search_urls = (
    [
        path(
            "",
            SearchView.as_view(results=articles_and_events, template_name=LISTING_TEMPLATE),
            name="search",
        ),
        path(
            "forslag/", SuggestionsView.as_view(searchable=searchable_articles), name="suggestions"
        ),
    ],
    "search",
)

urlpatterns = [
    # Staff sign-in: password with a second factor, or single sign-on (django-allauth).
    path("konto/", include("allauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
    # Files not yet on a public page, for staff who may see them (media_library/storage.py).
    path("filer/privat/<path:path>", private_file, name="private_file"),
    path("sok/", include(search_urls)),
    path("", include("insights.urls")),
    path("", include("subscriptions.urls")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("", include("blog.urls")),
    path("", include("municipalities.urls")),
    path("", include("calendar_events.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own addresses, its page view replaced by the one that takes the route from the cache
# (core/route_cache.py): same pattern, same name.
page_urls = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
urlpatterns += [path("", include(page_urls))]
