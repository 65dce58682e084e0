"""A reader's page found in two queries: its route from the cache, its privacy from the database.

Wagtail finds a page by walking the tree from the site's root, one level per query (fewer with
core/routing.py), and checks view restrictions with two more queries (the ancestors, then their
restrictions). For the article readers come for that was 7 queries before its own content, most
of the page's time without the page cache (issue 15).

Where a page is only changes when published content changes, so that is kept under the fragment
cache's generation (core/fragment_cache.py), which publishing, unpublishing, moving or deleting a
page, a view restriction, saving a Site and every migration (a deploy) replace:

- the Site for a host name and port;
- for a site and a path: the page's class and id.

A kept route is loaded as its own class in one query (with what its `routing_queryset()` joins)
and believed only if that page is still live at that very address; otherwise the request is
routed as Wagtail routes it. When the cache does not answer, every request is routed in full.

Who may see the page is never taken from the cache: a cache that failed to learn of a new
restriction would otherwise show a private page. Wagtail checks the restrictions on every request
as always; `core.routing.OneQueryViewRestrictionsMixin` only makes that check one query instead
of two.

With more than one machine the cache must be shared (Redis, README): a machine with a cache of
its own would not see another machine's publication and could keep an old route for a day.
"""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.models import Page, Site

from .fragment_cache import FRAGMENT_SECONDS, generation

logger = logging.getLogger("pedagogsajten.cache")


def _key(*parts) -> str:
    # Hashed: an address or a host name can be longer than a cache key should be (Django warns
    # past 250 characters).
    return "route:" + hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


def _read(key):
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001
        logger.warning("The route cache does not answer: %s", error)
        return None


def _write(key, value) -> None:
    try:
        cache.set(key, value, FRAGMENT_SECONDS)
    except Exception as error:  # noqa: BLE001
        logger.warning("The route cache could not be written: %s", error)


def prime_site(request, token: str) -> Site | None:
    """The request's Site (Wagtail's `Site.find_for_request`), from the cache when it is there."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    # As Wagtail matches sites: the raw host, so ALLOWED_HOSTS is checked where it always is.
    key = _key("site", token, request._get_raw_host(), request.get_port())
    site = _read(key)
    if not isinstance(site, Site):
        site = Site.find_for_request(request)
        if site is not None:
            _write(key, site)
    request._wagtail_site = site
    return site


def _kept_route(request, site: Site, path: str, entry):
    try:
        content_type_id, page_id = entry
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except (TypeError, ValueError, ContentType.DoesNotExist):
        return None  # written by other code, or the class is gone: route in full
    if model is None or not issubclass(model, Page):
        return None
    queryset = getattr(model, "routing_queryset", lambda: model.objects)()
    page = queryset.filter(pk=page_id).first()
    if page is None or not page.live or page.url_path != site.root_page.url_path + path:
        return None
    return page.route(request, [])


def prime_route(request, path: str) -> None:
    """Give Wagtail's `Page.route_for_request` its answer before it asks for it: the kept route,
    or the route Wagtail finds, kept for the next reader."""
    token = generation()
    if token is None or hasattr(request, "_wagtail_route_for_request"):
        return
    site = prime_site(request, token)
    if site is None:
        return
    key = _key("page", token, site.pk, path)
    entry = _read(key)
    if entry is not None:
        route = _kept_route(request, site, path, entry)
        if route is not None:
            request._wagtail_route_for_request = route
            return
    route = Page.route_for_request(request, path)
    if route is None:
        return
    page, args, kwargs = route
    if args or kwargs or page.url_path != site.root_page.url_path + path:
        return  # a route inside the page, or another spelling of its address: not kept
    _write(key, (page.content_type_id, page.pk))
