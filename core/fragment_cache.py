"""Parts of pages kept in the shared cache until published content changes.

A page's own content is cached whole by the page cache (core/page_cache.py), but readers who are
counted, logged-in editors and a site with the page cache turned off still build every page. The
parts that are the same for every reader and costly to build (an article's related articles, its
rendered body, the footer's pages) are kept here under a key that includes a *generation*: a token
in the shared cache that every change to published content replaces (core/signal_handlers.py,
the same changes that empty the page cache). Cached search answers (search/engine.py) are kept
under the same token. Nothing has to be found and deleted: old entries are simply never asked for
again and expire.

The cache is a speed-up only: when it does not answer (Redis away, a full disk), the part is built
as if nothing were cached.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("pedagogsajten.cache")

GENERATION_KEY = "content:generation"
# Entries live at most this long even if nothing is published (seconds).
FRAGMENT_SECONDS = 24 * 60 * 60
_MISSING = object()


def _bump() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception as error:  # noqa: BLE001
        logger.warning("The fragment cache could not be written: %s", error)


def published_content_changed() -> None:
    """Every cached fragment is out of date: now, and again when the transaction commits (a
    request between the two reads the data as it was and could otherwise keep it)."""
    _bump()
    transaction.on_commit(_bump)


def generation() -> str | None:
    """The current token (None: the cache does not answer)."""
    try:
        token = cache.get(GENERATION_KEY)
        if token is None:
            token = uuid.uuid4().hex
            # Several processes may start a generation at once: the first one written wins.
            if not cache.add(GENERATION_KEY, token, None):
                token = cache.get(GENERATION_KEY, token)
    except Exception as error:  # noqa: BLE001
        logger.warning("The fragment cache does not answer: %s", error)
        return None
    return token


def cached(name: str, *parts, build, seconds: int = FRAGMENT_SECONDS):
    """`build()`'s value for `name` and `parts` in the current generation, built once."""
    token = generation()
    if token is None:
        return build()
    key = ":".join(["fragment", name, token, *(str(part) for part in parts)])
    try:
        value = cache.get(key, _MISSING)
    except Exception as error:  # noqa: BLE001
        logger.warning("The fragment cache does not answer: %s", error)
        return build()
    if value is not _MISSING:
        return value
    value = build()
    try:
        cache.set(key, value, seconds)
    except Exception as error:  # noqa: BLE001
        logger.warning("The fragment cache could not be written: %s", error)
    return value


def cached_for_readers(request, name: str, *parts, build):
    """`cached()` for what every reader of a live page sees; a preview builds the draft's own and
    leaves the readers' entry alone."""
    if getattr(request, "is_preview", False):
        return build()
    return cached(name, *parts, build=build)
