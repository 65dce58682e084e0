"""HTTP benchmark: gunicorn (DEBUG=False, production static files) over the 10,000-article corpus.

Home, a listing (all articles), an article and the section of a municipality are requested
beside a static file from the same server (the ceiling), first with the page cache off
(every request renders) and then with it on (repeated views). For each: p50/p95 latency with
one client at a time, and requests per second with four clients at once. Articles are requested
twice: as a script (not counted) and as a reader's browser, whose view is counted (one upsert),
which gives the view counter's cost per request; the upsert is also timed on its own.

Run by `make bench` (which starts PostgreSQL). Writes docs/benchmarks.md.
"""

import os
import random
import sys
import threading
import time

from common import (
    ARTICLES,
    Gunicorn,
    ensure_corpus,
    git_revision,
    percentile,
    setup_django,
    summary_ms,
    write_section,
)

PORT = int(os.environ.get("BENCH_HTTP_PORT", 8097))
WORKERS = 2
SEQUENTIAL_REQUESTS = 400
CONCURRENT_CLIENTS = 4
CONCURRENT_SECONDS = 8
ARTICLE_TARGET_P95_MS = 60
CACHE_TARGET_FACTOR = 3


# A reader's browser: its views are counted (insights.counting). Without a user agent they are not.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
COUNTED_ARTICLE = "article, view counted"


def sequential(server: Gunicorn, paths: list[str], agent: str) -> dict:
    timings = [
        server.fetch(paths[number % len(paths)], agent) for number in range(SEQUENTIAL_REQUESTS)
    ]
    return summary_ms(timings)


def concurrent(server: Gunicorn, paths: list[str], agent: str) -> dict:
    timings: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + CONCURRENT_SECONDS

    def client(offset: int):
        own, number = [], offset
        while time.perf_counter() < deadline:
            own.append(server.fetch(paths[number % len(paths)], agent))
            number += CONCURRENT_CLIENTS
        with lock:
            timings.extend(own)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONCURRENT_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    milliseconds = [value * 1000 for value in timings]
    return {"rps": len(timings) / elapsed, "p95_load": percentile(milliseconds, 0.95)}


def targets() -> dict[str, list[str]]:
    """The URLs of each kind: articles and sections vary, so no single page is favoured."""
    from django.templatetags.static import static

    from blog.models import ArticlePage
    from municipalities.models import MunicipalityPage

    rng = random.Random(11)
    article_ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    articles = [
        page.url for page in ArticlePage.objects.filter(pk__in=rng.sample(article_ids, 200))
    ]
    sections = [page.url for page in MunicipalityPage.objects.live()]
    return {
        "static file (ceiling)": [static("css/site.css")],
        "home": ["/"],
        "listing /artiklar/": ["/artiklar/"],
        "municipality section": sections,
        "article": articles,
        COUNTED_ARTICLE: articles,
    }


def measure(kinds: dict[str, list[str]], page_cache_seconds: int) -> dict:
    with Gunicorn(PORT, {"PAGE_CACHE_SECONDS": str(page_cache_seconds)}, WORKERS) as server:
        results = {}
        for kind, paths in kinds.items():
            agent = READER_AGENT if kind == COUNTED_ARTICLE else ""
            # Warm-up: the workers' first requests, and with the cache on, filling it.
            for path in paths:
                server.fetch(path, agent)
            results[kind] = sequential(server, paths, agent) | concurrent(server, paths, agent)
        return results


def table(results: dict) -> list[str]:
    ceiling = results["static file (ceiling)"]
    lines = [
        "| URL | p50 | p95 | req/s (4 clients) | p95 (4 clients) | p50 vs static |",
        "|---|---|---|---|---|---|",
    ]
    for kind, result in results.items():
        lines.append(
            f"| {kind} | {result['p50']:.1f} ms | {result['p95']:.1f} ms | {result['rps']:.0f} | "
            f"{result['p95_load']:.1f} ms | "
            f"{result['p50'] / ceiling['p50']:.1f}× |"
        )
    return lines


def time_view_counter(views: int = 4000) -> dict:
    """What counting one view costs in this process: adding it to the pending counts, and the
    write of them all at the end (one upsert row per page), divided by the views."""
    from django.utils import timezone

    from blog.models import ArticlePage
    from insights.counting import views as pending_views

    pages = list(ArticlePage.objects.values_list("pk", "municipality_id")[:200])
    day = timezone.localdate()
    timings = []
    started_all = time.perf_counter()
    for number in range(views):
        page_id, municipality_id = pages[number % len(pages)]
        started = time.perf_counter()
        pending_views.add((day, page_id, municipality_id))
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    pending_views.flush()
    write = time.perf_counter() - started
    return summary_ms(timings) | {
        "write_ms": write * 1000,
        "per_view_ms": (time.perf_counter() - started_all) * 1000 / views,
    }


def main() -> int:
    setup_django()
    from django.core.management import call_command

    print(f"Korpus: {ARTICLES} artiklar …", flush=True)
    ensure_corpus(ARTICLES)
    call_command("collectstatic", interactive=False, verbosity=0)
    kinds = targets()

    runs = {}
    for label, seconds in (("page cache off", 0), ("page cache on", 600)):
        print(f"gunicorn, {label} …", flush=True)
        runs[label] = measure(kinds, seconds)

    counter = time_view_counter()
    uncached_article = runs["page cache off"]["article"]["p95"]
    cached = runs["page cache on"]
    worst_cached = max(
        cached[kind]["p50"] / cached["static file (ceiling)"]["p50"]
        for kind in kinds
        if kind != "static file (ceiling)"
    )
    lines = [
        f"gunicorn {WORKERS} sync workers, `DEBUG=False`, WhiteNoise for static files, "
        f"{ARTICLES:,} generated articles. One client: {SEQUENTIAL_REQUESTS} requests per URL kind, "
        f"one after another, a new connection each (gunicorn's sync workers close it); then "
        f"{CONCURRENT_CLIENTS} clients for {CONCURRENT_SECONDS} s. Articles: 200 different ones in "
        f"turn; sections: all 11. The load generator runs on the same 2 cores. "
        f"Revision `{git_revision()}`.",
    ]
    for label, results in runs.items():
        lines += ["", f"### {label.capitalize()}", ""] + table(results)
    lines += [
        "",
        f"- Article p95 without cache: **{uncached_article:.1f} ms** "
        f"(target ≤ {ARTICLE_TARGET_P95_MS} ms: {'met' if uncached_article <= ARTICLE_TARGET_P95_MS else 'not met'}).",
        f"- With the page cache, the slowest page kind's p50 is **{worst_cached:.1f}×** the static "
        f"file's (target ≤ {CACHE_TARGET_FACTOR}×: "
        f"{'met' if worst_cached <= CACHE_TARGET_FACTOR else 'not met'}).",
    ]
    cached_article = cached["article"]["p50"]
    counted_article = cached[COUNTED_ARTICLE]["p50"]
    lines += [
        f"- View counting (`insights.counting`: counted in memory, written together): adding "
        f"a view {counter['p50'] * 1000:.1f} µs p50, {counter['p95'] * 1000:.1f} µs p95; "
        f"writing {counter['n']} views of 200 pages in one upsert {counter['write_ms']:.1f} ms; "
        f"{counter['per_view_ms'] * 1000:.1f} µs a view in all, in-process; over HTTP a "
        "counted cached article takes "
        f"{counted_article:.2f} ms p50 against {cached_article:.2f} ms uncounted "
        f"(+{counted_article - cached_article:.2f} ms).",
    ]
    write_section("HTTP", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
