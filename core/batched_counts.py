"""Counts kept in this process and written to the database together.

Counting a reader's page view or search must cost the reader almost nothing: `add()` only adds to
a dict in memory. The pending counts are written as one statement (one upsert row per key with
the summed count) by whichever comes first:

- the end of a request (Django's `request_finished`, sent after the response's last byte went out)
  once the oldest pending count is `seconds()` old — with 0, after every request;
- `size()` keys pending, in the call that reached it;
- a timer thread of this process every `seconds()`, so a quiet process writes its counts within
  that interval too;
- the end of the process (`atexit`: a normal stop or restart of the server's workers).

Nothing is lost on a failed write: the batch is merged back and written the next time. Only a
process killed outright (SIGKILL) loses what it had not written, at most `seconds()` of counts.
"""

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable

from django.core.signals import request_finished
from django.db import connection, connections, transaction

logger = logging.getLogger("pedagogsajten.counts")


class BatchedCounts:
    """Pending counts per key, each with the latest of a value that goes with it (the number of
    hits of a search, say). `write(batch, cursor)` writes {key: (count, latest)} in one
    statement; it runs in a transaction of its own (a savepoint inside someone else's)."""

    def __init__(
        self,
        name: str,
        write: Callable[[dict, object], None],
        *,
        size: Callable[[], int],
        seconds: Callable[[], float],
    ):
        self.name = name
        self._write = write
        self.size = size
        self.seconds = seconds
        self._lock = threading.Lock()
        self._pending: dict[Hashable, list] = {}
        self._oldest: float | None = None  # monotonic time of the oldest pending count
        self._timer_pid: int | None = None  # the process whose timer thread runs
        request_finished.connect(self._after_request, dispatch_uid=f"batched_counts_{name}")
        atexit.register(self.flush)

    def add(self, key: Hashable, latest=None) -> None:
        with self._lock:
            entry = self._pending.setdefault(key, [0, latest])
            entry[0] += 1
            entry[1] = latest
            if self._oldest is None:
                self._oldest = time.monotonic()
            full = len(self._pending) >= self.size()
        self._ensure_timer()
        if full:
            self.flush()

    def pending(self) -> int:
        with self._lock:
            return sum(count for count, _latest in self._pending.values())

    def clear(self) -> None:
        """Forget what is pending without writing it (tests, whose pages are rolled back)."""
        with self._lock:
            self._pending.clear()
            self._oldest = None

    def due(self) -> bool:
        oldest = self._oldest
        return oldest is not None and time.monotonic() - oldest >= self.seconds()

    def flush(self) -> None:
        """Write everything pending in one statement; on failure keep it for the next time."""
        with self._lock:
            batch = {key: tuple(entry) for key, entry in self._pending.items()}
            self._pending.clear()
            self._oldest = None
        if not batch:
            return
        try:
            self._write_batch(batch)
        except Exception:  # noqa: BLE001 - the reader has the page; keep the counts
            logger.warning("%s could not be written; kept for later", self.name, exc_info=True)
            with self._lock:
                for key, (count, latest) in batch.items():
                    entry = self._pending.setdefault(key, [0, latest])
                    entry[0] += count  # the latest value stays the newer one, if any came
                if self._oldest is None:
                    self._oldest = time.monotonic()

    def _write_batch(self, batch: dict) -> None:
        outermost = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if outermost:
                # The commit does not wait for the write-ahead log to reach the disk (0.9 ms
                # instead of 4 ms): only a crash of the database server itself could lose the last
                # fraction of a second of counts; the table stays consistent. Never set inside
                # someone else's transaction, whose commit it would also make lazy.
                cursor.execute("SET LOCAL synchronous_commit = off")
            self._write(batch, cursor)

    def _after_request(self, sender, **kwargs):
        if self._pending and self.due():  # read without the lock: empty is the common case
            self.flush()

    def _ensure_timer(self) -> None:
        # One thread per process, started by the first count: a server that forks its workers
        # after loading the code (gunicorn --preload) gets one in each worker.
        if self.seconds() <= 0 or self._timer_pid == os.getpid():
            return
        with self._lock:
            if self._timer_pid == os.getpid():
                return
            self._timer_pid = os.getpid()
        threading.Thread(target=self._timer, name=f"{self.name} writer", daemon=True).start()

    def _timer(self) -> None:
        while True:
            # At least once a second: a shorter interval set meanwhile takes effect soon.
            time.sleep(min(max(self.seconds(), 0.05), 1.0))
            if self.seconds() <= 0:  # turned off (tests do): the requests write instead
                with self._lock:
                    self._timer_pid = None
                return
            if self._pending and self.due():
                self.flush()
                # This thread's own database connection, opened by the write: not kept open
                # between writes that may be minutes apart.
                connections.close_all()
