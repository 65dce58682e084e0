"""What emptying the page cache costs (issue 13): every publication, unpublication, privacy change
and file change empties it (core/page_cache.py), so it must stay cheap when the cache is full.

Fills the folder-based page cache (the default on one machine) with N rendered-page-sized entries
and times `clear_page_cache()`; the first request after a purge then costs one page render, which
the HTTP benchmark measures ("Page cache off"). Run by `make bench-cache`; writes docs/benchmarks.md.
"""

import os
import shutil
import threading
import time

from common import git_revision, setup_django, write_section

ENTRY_BYTES = 40_000  # an article page with its HTML, gzip off: 30–50 kB
SIZES = (1_000, 5_000, 10_000)  # the cache holds at most 20,000 (MAX_ENTRIES)


def main() -> int:
    setup_django()
    from django.conf import settings

    from core.page_cache import clear_page_cache, page_cache

    location = settings.CACHES["pages"]["LOCATION"]
    if "://" in location:
        print("The page cache is not a folder here; this benchmark measures the folder cache.")
        return 1
    body = b"<!doctype html>" + os.urandom(ENTRY_BYTES // 2).hex().encode()[: ENTRY_BYTES - 15]
    rows = []
    for size in SIZES:
        shutil.rmtree(location, ignore_errors=True)
        cache = page_cache()
        started = time.perf_counter()
        for number in range(size):
            cache.set(f"page:/artiklar/artikel-{number}/", body, 600)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        clear_page_cache()
        cleared = time.perf_counter() - started
        # The old folder goes in the background; wait for it, so the next size starts clean.
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join()
        rows.append(
            f"| {size:,} | {size * ENTRY_BYTES / 1e6:,.0f} MB | {filled:.2f} s | "
            f"{cleared * 1000:.0f} ms |"
        )
    write_section(
        "Page cache purge",
        "\n".join(
            [
                f"Revision `{git_revision()}`. The folder-based page cache filled with entries of "
                f"{ENTRY_BYTES // 1000} kB, then emptied as a publication does (the folder is renamed and deleted in the background; before that change, deleting 20,000 entries file by file took 3,659 ms in the publishing request); Redis "
                "(`PAGE_CACHE_LOCATION=redis://…`) empties with one FLUSHDB instead.",
                "",
                "| entries | size | time to fill | time to empty (as seen by the request) |",
                "|---|---|---|---|",
                *rows,
            ]
        ),
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
