"""Server-side, cookie-free counting of page views by readers.

A page that is counted marks its response (`core.counted_pages.CountedPageMixin`); the middleware,
which sits outside the page cache, sees that mark on fresh and cached responses alike and adds one
to the page's row for the day in a single upsert. Nothing about the reader is kept. Not counted: editors and other
logged-in users, previews, HEAD requests, browser prefetches, and clients that say they are bots
(or say nothing about themselves).
"""

import logging
import re

from django.db import DatabaseError
from django.utils import timezone

from core.counted_pages import COUNTED_ATTRIBUTE

from .models import PageViewDay

logger = logging.getLogger("pedagogsajten.insights")

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
            try:
                PageViewDay.record(timezone.localdate(), *counted)
            except DatabaseError:
                # A reader still gets the page (perhaps from the cache) when counting fails.
                logger.warning("Page view not counted", exc_info=True)
        return response
