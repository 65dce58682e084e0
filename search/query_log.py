"""The search log (`SearchQueryDay`), written after the reader has the page.

`count()` only adds the search to this process's pending counts (`core.batched_counts`); they are
written when the request has finished (after its last byte went out) as one statement for
everything pending: one upsert row per (day, query) with the summed count, so concurrent
requests of a threaded server share one write. Nothing is lost: a failed write keeps its counts
for the next one, counts made outside a request are written when `FLUSH_SIZE` queries are pending
or when the process exits.

Anonymous as before: the day, the query text and its latest number of hits, nothing else.
"""

from core.batched_counts import BatchedCounts

from .models import SearchQueryDay

# Written at once when this many (day, query) pairs are pending outside a request.
FLUSH_SIZE = 500

log = BatchedCounts(
    "search log", SearchQueryDay.record_many, size=lambda: FLUSH_SIZE, seconds=lambda: 0
)


def count(day, query: str, hits: int) -> None:
    """One search, counted when the request has finished."""
    log.add((day, query), hits)


def pending() -> int:
    return log.pending()


def flush() -> None:
    log.flush()
