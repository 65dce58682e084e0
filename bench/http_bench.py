"""HTTP benchmark: gunicorn (DEBUG=False, production static files) over the 10,000-article corpus.

Home, a listing (all articles), an article and the section of a municipality are requested
beside a static file from the same server, first with the page cache off (every request renders)
and then with it on (repeated views). Each page kind is requested twice: as a script (no
User-Agent: never counted) and as a reader's browser (a browser User-Agent: the views of
articles and sections are counted, insights.counting). For each: p50/p95 latency with one client
at a time, and requests per second with four clients at once; right after each, the same is
measured on a trivial WSGI app (bench/trivial_wsgi.py) served by a second gunicorn with the same
workers, and the page's throughput is reported as a share of it, so a busy moment of the
machine falls on both halves of a pair. Counting itself is also timed in-process.

wagtail/bakerydemo side by side: only when its source and a virtual environment that runs it
are on the machine (BAKERYDEMO_DIR); otherwise the report says it was not run.

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
TRIVIAL_PORT = PORT + 10
TRIVIAL_REQUESTS = 100
WORKERS = 2
SEQUENTIAL_REQUESTS = 400
CONCURRENT_CLIENTS = 4
CONCURRENT_SECONDS = 8
ARTICLE_TARGET_P95_MS = 60


# A reader's browser: its views are counted (insights.counting). Without a user agent they are not.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
AGENTS = {"script": "", "browser": READER_AGENT}
CEILING = "static file"


def sequential(server: Gunicorn, paths: list[str], agent: str, requests: int) -> dict:
    timings = [server.fetch(paths[number % len(paths)], agent) for number in range(requests)]
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
        CEILING: [static("css/site.css")],
        "home": ["/"],
        "listing /artiklar/": ["/artiklar/"],
        "municipality section": sections,
        "article": articles,
    }


def measure(kinds: dict[str, list[str]], page_cache_seconds: int) -> dict:
    """{(kind, as): figures} with the trivial app's figures measured right after each."""
    with (
        Gunicorn(PORT, {"PAGE_CACHE_SECONDS": str(page_cache_seconds)}, WORKERS) as server,
        Gunicorn(TRIVIAL_PORT, {}, WORKERS, app="trivial_wsgi:application") as trivial,
    ):
        results = {}
        for kind, paths in kinds.items():
            for label, agent in AGENTS.items():
                if kind == CEILING and label == "browser":
                    continue
                # Warm-up: the workers' first requests, and with the cache on, filling it.
                for path in paths:
                    server.fetch(path, agent)
                page = sequential(server, paths, agent, SEQUENTIAL_REQUESTS)
                page |= concurrent(server, paths, agent)
                beside = sequential(trivial, ["/"], agent, TRIVIAL_REQUESTS)
                beside |= concurrent(trivial, ["/"], agent)
                results[(kind, label)] = page | {"trivial": beside}
        return results


def table(results: dict) -> list[str]:
    lines = [
        "| URL | requested as | p50 | p95 | req/s (4 clients) | p95 (4 clients) | "
        "trivial app req/s (right after) | req/s ÷ trivial app |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (kind, label), result in results.items():
        trivial = result["trivial"]
        lines.append(
            f"| {kind} | {label} | {result['p50']:.1f} ms | {result['p95']:.1f} ms | "
            f"{result['rps']:.0f} | {result['p95_load']:.1f} ms | {trivial['rps']:.0f} | "
            f"{result['rps'] / trivial['rps']:.0%} |"
        )
    return lines


def bakerydemo_note() -> str:
    folder = os.environ.get("BAKERYDEMO_DIR", "")
    if not folder or not os.path.isdir(os.path.join(folder, "bakerydemo")):
        return (
            "- wagtail/bakerydemo side by side: not run; its source is not on this machine "
            "(set `BAKERYDEMO_DIR` to a checkout with its own virtual environment in `.venv`)."
        )
    return (
        f"- wagtail/bakerydemo side by side: a checkout is at `{folder}`, but this benchmark does "
        "not yet start it; the issue's earlier side-by-side figures stand."
    )


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


IN_PROCESS_TARGET_MS = 12  # issue 15, where bakerydemo is not on the machine


def time_in_process(paths: list[str], agent: str = READER_AGENT) -> dict:
    """The article view in this process through Django's test client (middleware, routing, view,
    templates; no HTTP, no gunicorn), page cache off, each of `paths` once after one warm-up
    pass; the SQL queries of each request counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=agent)
    timings, queries = [], []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for path in paths[:20]:
            client.get(path)
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{path} svarade {response.status_code}")
            queries.append(len(captured.captured_queries))
    return summary_ms(timings) | {"queries": max(queries), "queries_min": min(queries)}


def in_process_section(articles: list[str]) -> str:
    timing = time_in_process(articles)
    met = timing["p50"] <= IN_PROCESS_TARGET_MS
    return (
        f"{len(articles)} different articles of the {ARTICLES:,}-article corpus, each requested "
        "once in this process through Django's test client as a reader's browser (view "
        "counted), page cache off, after a warm-up pass over 20 of them: middleware, routing, "
        f"view and templates, no HTTP. Revision `{git_revision()}`.\n\n"
        f"- p50 **{timing['p50']:.1f} ms**, p95 {timing['p95']:.1f} ms (target where bakerydemo "
        f"is not on the machine: p50 ≤ {IN_PROCESS_TARGET_MS} ms: {'met' if met else 'not met'})"
        f"; SQL queries per article {timing['queries_min']}–{timing['queries']} (budget 12, "
        "tests/test_query_budget.py)."
    )


def main() -> int:
    setup_django()
    if sys.argv[1:] == ["in-process"]:
        articles = targets()["article"]
        write_section("Article page in-process", in_process_section(articles))
        return 0
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
    uncached_article = runs["page cache off"][("article", "browser")]["p95"]
    cached = runs["page cache on"]
    worst_cached = min(
        (result["rps"] / result["trivial"]["rps"], kind, label)
        for (kind, label), result in cached.items()
        if kind != CEILING
    )
    lines = [
        f"gunicorn {WORKERS} sync workers, `DEBUG=False`, WhiteNoise for static files, "
        f"{ARTICLES:,} generated articles. One client: {SEQUENTIAL_REQUESTS} requests per URL "
        "kind, one after another, a new connection each (gunicorn's sync workers close it); "
        f"then {CONCURRENT_CLIENTS} clients for {CONCURRENT_SECONDS} s. Each kind as a script "
        "(no User-Agent) and as a reader's browser (article and section views counted). Right "
        f"after each, {TRIVIAL_REQUESTS} requests and {CONCURRENT_SECONDS} s of "
        f"{CONCURRENT_CLIENTS} clients on a trivial WSGI app served by a second gunicorn with the "
        "same workers (`bench/trivial_wsgi.py`). Articles: 200 different ones in turn; sections: "
        f"all 11. The load generator runs on the same 2 cores. Revision `{git_revision()}`.",
    ]
    for label, results in runs.items():
        lines += ["", f"### {label.capitalize()}", ""] + table(results)
    ratio, kind, label = worst_cached
    lines += [
        "",
        f"- Article p95 without cache, as a browser: **{uncached_article:.1f} ms** "
        f"(target ≤ {ARTICLE_TARGET_P95_MS} ms: "
        f"{'met' if uncached_article <= ARTICLE_TARGET_P95_MS else 'not met'}).",
        f"- With the page cache, the lowest throughput beside the trivial app: **{ratio:.0%}** "
        f"({kind}, as a {label}).",
    ]
    cached_article = cached[("article", "script")]["rps"]
    counted_article = cached[("article", "browser")]["rps"]
    lines += [
        f"- View counting (`insights.counting`: counted in memory, written together): adding "
        f"a view {counter['p50'] * 1000:.1f} µs p50, {counter['p95'] * 1000:.1f} µs p95; "
        f"writing {counter['n']} views of 200 pages in one upsert {counter['write_ms']:.1f} ms; "
        f"{counter['per_view_ms'] * 1000:.1f} µs a view in all, in-process. Cached article: "
        f"{counted_article:.0f} req/s counted against {cached_article:.0f} uncounted "
        f"({counted_article / cached_article:.0%}).",
        bakerydemo_note(),
    ]
    write_section("HTTP", "\n".join(lines))
    write_section("Article page in-process", in_process_section(kinds["article"]))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
