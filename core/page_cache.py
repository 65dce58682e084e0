"""A whole-page cache for anonymous readers, emptied whenever published content changes.

wagtail-cache, the usual library for this, stops at Wagtail 7, so this is a small middleware on
Django's cache framework instead. What it caches is deliberately narrow:

- GET requests without a session or CSRF cookie (editors, and readers who entered a page
  password, always get a fresh page and their own toolbar);
- 200 responses that set no cookie and do not ask to stay private (`Cache-Control: private`,
  `no-cache`, `no-store`: the admin, previews and searches say so);
- never a search: each search is counted in the anonymous search log (`search.SearchQueryDay`).

Publishing, unpublishing, moving or deleting a page and editing the taxonomy clear the whole cache
(`core/signal_handlers.py`; feature apps name their own models with
`clear_page_cache_when_changed`): listings, feeds and the home page all show other pages' titles, so
clearing one URL would leave them stale. Set `PAGE_CACHE_LOCATION` to a shared Redis when more
than one machine serves the site, so that a publication clears the cache everywhere.
"""

import contextlib
import hashlib
import shutil
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.utils.cache import cc_delim_re

CACHE_ALIAS = "pages"
HEADER = "X-Page-Cache"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}


def page_cache():
    return caches[CACHE_ALIAS]


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def clear_page_cache() -> None:
    if cache_seconds() <= 0:
        return
    cache = page_cache()
    if isinstance(cache, FileBasedCache):
        _clear_folder_cache(cache)
    else:
        cache.clear()


def _clear_folder_cache(cache: FileBasedCache) -> None:
    """Deleting 20,000 cached pages one file at a time took 3.7 s inside the editor's publishing
    request (make bench-cache). Renaming the folder empties the cache at once for every process of
    the machine (each writes to the folder by its path, which the cache creates again); the old
    folder is deleted in the background."""
    folder = Path(cache._dir)
    trash = folder.with_name(f"{folder.name}.emptied-{uuid.uuid4().hex}")
    try:
        folder.rename(trash)
    except FileNotFoundError:
        return  # nothing cached yet
    except OSError:
        cache.clear()  # another file system or no permission to rename: the slow way
        return
    threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}).start()


def _key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def _request_is_cacheable(request) -> bool:
    if request.method != "GET":
        return False
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.CSRF_COOKIE_NAME in request.COOKIES
    ):
        return False
    if any(parameter in request.GET for parameter in settings.PAGE_CACHE_SKIP_PARAMETERS):
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PATHS))


def _response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0 or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        cached = page_cache().get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _response_is_cacheable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # A write that cannot land (the folder renamed away by a purge between the cache's
            # temporary file and its move, a full disk) only means this page is not cached.
            with contextlib.suppress(OSError):
                page_cache().set(key, response, seconds)
            response[HEADER] = "miss"
        return response
