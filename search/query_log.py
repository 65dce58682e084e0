"""The search log (`SearchQueryDay`), written after the reader has the page.

`count()` only adds the search to this process's pending counts; they are written when the
request has finished (Django's `request_finished`, sent when the server closes the response, after
its last byte went out), as one statement for everything pending: one upsert row per (day, query)
with the summed count, so concurrent requests of a threaded server share one write. Nothing is
lost: a failed write keeps its counts for the next one, counts made outside a request are written
when the pending ones reach `FLUSH_SIZE` or when the process exits (`atexit`). Only a process
killed outright (SIGKILL) between a response and its request's end could lose its last search,
and a crash of the database server the last fraction of a second of counts (the write does not
wait for the disk, see `_write`).

Anonymous as before: the day, the query text and its latest number of hits, nothing else.
"""

import atexit
import logging
import threading

from django.core.signals import request_finished
from django.db import connection, transaction
from django.dispatch import receiver

from .models import SearchQueryDay

logger = logging.getLogger("pedagogsajten.search")

# Written at once when this many (day, query) pairs are pending outside a request.
FLUSH_SIZE = 500

_lock = threading.Lock()
_pending: dict[tuple, list[int]] = {}  # (day, query) -> [searches, latest hits]


def count(day, query: str, hits: int) -> None:
    """One search, counted when the request has finished."""
    with _lock:
        entry = _pending.setdefault((day, query), [0, 0])
        entry[0] += 1
        entry[1] = hits
        full = len(_pending) >= FLUSH_SIZE
    if full:
        flush()


def pending() -> int:
    with _lock:
        return sum(searches for searches, _hits in _pending.values())


def flush() -> None:
    """Write everything pending in one statement; on failure keep it for the next time."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if not batch:
        return
    try:
        _write(batch)
    except Exception:  # noqa: BLE001 - the reader already has the page; keep the counts
        logger.warning("The search log could not be written; kept for later", exc_info=True)
        with _lock:
            for key, (searches, hits) in batch.items():
                entry = _pending.setdefault(key, [0, hits])
                entry[0] += searches


def _write(batch: dict) -> None:
    outermost = not connection.in_atomic_block
    # A savepoint inside a surrounding transaction: a failure here must not break it.
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            # The commit does not wait for the write-ahead log to reach the disk (measured:
            # 0.9 ms instead of 4 ms): only a crash of the database server itself could lose the
            # last fraction of a second of counts; the table stays consistent. Never set inside
            # someone else's transaction, whose commit it would also make lazy.
            cursor.execute("SET LOCAL synchronous_commit = off")
        SearchQueryDay.record_many(batch, cursor)


@receiver(request_finished, dispatch_uid="search_query_log_flush")
def flush_after_request(sender, **kwargs):
    if _pending:  # read without the lock: an empty dict is the common case
        flush()


atexit.register(flush)
