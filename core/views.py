from wagtail.views import serve as wagtail_serve

from .route_cache import prime_route


def serve(request, path):
    """Wagtail's page view, with the site and the route from the cache (core/route_cache.py)."""
    prime_route(request, path)
    return wagtail_serve(request, path)
