"""Server-side, cookie-free counting of page views by readers.

A page that is counted marks its response (`core.counted_pages.CountedPageMixin`); the middleware,
which sits outside the page cache, sees that mark on fresh and cached responses alike and adds one
to the page's count for the day in this process's memory (`core.batched_counts`): the counts are
written together, one upsert row per page and day, every `VIEW_COUNT_SECONDS` (10 s) or when
`VIEW_COUNT_PAGES` pages are pending, and when the worker stops (a normal restart loses nothing;
SIGKILL loses at most the last interval). Nothing about the reader is kept. Not counted: editors
and other logged-in users, previews, HEAD requests, browser prefetches, and clients that say they
are bots (or say nothing about themselves).
"""

import re

from django.conf import settings
from django.utils import timezone

from core.batched_counts import BatchedCounts
from core.counted_pages import COUNTED_ATTRIBUTE

from .models import PageViewDay

views = BatchedCounts(
    "page views",
    PageViewDay.record_many,
    size=lambda: settings.VIEW_COUNT_PAGES,
    seconds=lambda: settings.VIEW_COUNT_SECONDS,
)

# Self-declared automated clients. Real browsers all send a user agent naming "Mozilla".
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|"
    r"pingdom|lighthouse|headless|phantomjs|python|curl|wget|httpclient|okhttp|go-http|java/|"
    r"libwww|scrapy|feedfetcher|validator",
    re.IGNORECASE,
)


def is_reader_view(request) -> bool:
    if request.method != "GET":
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "prefetch" in (request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")):
        return False
    agent = request.headers.get("User-Agent", "")
    return "mozilla" in agent.lower() and not BOT_PATTERN.search(agent)


class PageViewCounterMiddleware:
    """Placed before the page cache so that views served from the cache count too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counted = getattr(response, COUNTED_ATTRIBUTE, None)
        if counted and is_reader_view(request):
            # Only memory here; a failed write later keeps the count and never touches the page.
            views.add((timezone.localdate(), *counted))
        return response
