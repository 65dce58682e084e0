"""Search benchmark: 10,000 generated Swedish articles, indexing time and query latency (p50/p95)
over 200 fixed queries, with and without facets, on PostgreSQL and on OpenSearch; then what a
stopped engine (SIGSTOP) costs readers over HTTP, with the reader timeouts and circuit breaker
(search/breaker.py) and with the behaviour before them.

Run by `make bench` (which starts PostgreSQL and OpenSearch). Writes docs/benchmarks.md.
`python search_bench.py engine-stopped` runs only the second part.
"""

import contextlib
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode, urlparse

from common import (
    ARTICLES,
    ROOT,
    Gunicorn,
    ensure_corpus,
    git_revision,
    setup_django,
    summary_ms,
    write_section,
)

# The engine `scripts/search-engine run` started (it sets SEARCH_TEST_URL).
ENGINE_URL = os.environ.get("SEARCH_TEST_URL", "http://127.0.0.1:9271")
HTTP_PORT = int(os.environ.get("BENCH_SEARCH_HTTP_PORT", 8098))
WORKERS = 2
CONCURRENT_SEARCHES = 8
# The breaker's period (SEARCH_BREAKER_SECONDS, default 30 s): the benchmark waits it out twice
# to watch the probes.
BREAKER_SECONDS = 30


def time_indexing(backend_name: str) -> float:
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=StringIO())
    return time.perf_counter() - started


def fixed_queries() -> list[tuple[str, dict]]:
    """200 queries: 100 Swedish search texts, each once alone and once with a school-form facet."""
    from common import WORDS

    rng = random.Random(7)
    texts = [rng.choice(WORDS) for _ in range(60)] + [
        f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(40)
    ]
    return [(text, {}) for text in texts] + [
        (text, {"skolform": "grundskola-4-6"}) for text in texts
    ]


def time_queries(queries) -> dict:
    from blog.listing import SORT_RELEVANCE, run_listing
    from blog.models import ArticlePage

    timings = {"plain": [], "facet": []}
    for text, facets in queries[:5]:  # warm-up: connections, caches
        run_listing(text, facets, SORT_RELEVANCE)
    for text, facets in queries:
        started = time.perf_counter()
        outcome = run_listing(text, facets, SORT_RELEVANCE)
        list(
            ArticlePage.objects.for_listing().filter(pk__in=outcome.article_ids[:10])
        )  # the first page
        timings["facet" if facets else "plain"].append(time.perf_counter() - started)
    return {kind: summary_ms(values) for kind, values in timings.items()} | {
        "all": summary_ms(timings["plain"] + timings["facet"])
    }


def engine_pid(url: str) -> int | None:
    """The engine's process, as scripts/search-engine knows it (None if it did not start it)."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "search-engine"), "pid"],
        env=os.environ | {"SEARCH_ENGINE_PORT": str(urlparse(url).port)},
        capture_output=True,
        text=True,
    )
    return int(result.stdout) if result.returncode == 0 else None


@contextlib.contextmanager
def paused(pid: int):
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def ensure_engine_index() -> None:
    """The engine's index of the corpus (built by the latency part; here when run alone)."""
    from wagtail.search.backends import get_search_backend

    from blog.models import ArticlePage

    if not get_search_backend("default").get_index_for_model(ArticlePage).exists():
        print("OpenSearch: indexerar …", flush=True)
        time_indexing("default")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def concurrent_searches(server: Gunicorn, searches: list[str], article: str) -> dict:
    """Eight searches at once, and an unrelated article asked for just after them."""
    timings: list[float] = []
    lock = threading.Lock()

    def search(path):
        elapsed = server.fetch(path)
        with lock:
            timings.append(elapsed)

    threads = [threading.Thread(target=search, args=(path,)) for path in searches]
    for thread in threads:
        thread.start()
    time.sleep(0.05)  # the searches reach the workers first
    article_seconds = server.fetch(article)
    for thread in threads:
        thread.join()
    return {
        "article": article_seconds,
        "slowest": max(timings),
        "median": statistics.median(timings),
    }


def measure_engine_stopped() -> list[str]:
    from blog.models import ArticlePage

    pid = engine_pid(ENGINE_URL)
    if pid is None:
        return [
            f"Not measured: no engine started by scripts/search-engine answers at {ENGINE_URL}."
        ]
    ensure_engine_index()
    texts = [text for text, facets in fixed_queries() if not facets][:20]
    searches = [f"/sok/?{urlencode({'q': text})}" for text in texts]
    article = ArticlePage.objects.live().order_by("pk").first().url
    engine = {
        "SEARCH_URL": ENGINE_URL,
        "SEARCH_INDEX_PREFIX": "bench_",
        "SEARCH_TIMEOUT": "30",
        "SEARCH_BREAKER_SECONDS": str(BREAKER_SECONDS),
    }
    # Before the breaker: one timeout (SEARCH_TIMEOUT, 5 s) for every request, no breaker.
    before = engine | {
        "SEARCH_READER_CONNECT_TIMEOUT": "5",
        "SEARCH_READER_TIMEOUT": "5",
        "SEARCH_BREAKER_FAILURES": "1000000",
    }

    def sequence(server, paths):
        return [server.fetch(path) for path in paths]

    print("PostgreSQL alone …", flush=True)
    with Gunicorn(HTTP_PORT, {"SEARCH_URL": ""}, WORKERS) as server:
        sequence(server, searches[:5] + [article] * 3)  # warm-up
        database = summary_ms(sequence(server, searches * 2))
        database_article = statistics.median(sequence(server, [article] * 9))

    print("OpenSearch, stoppad med SIGSTOP …", flush=True)
    with Gunicorn(HTTP_PORT, engine, WORKERS) as server:
        sequence(server, searches[:5] + [article] * 3)
        answering = summary_ms(sequence(server, searches * 2))
        with paused(pid):
            first = sequence(server, searches[:10])
            stopped = summary_ms(sequence(server, searches * 2))
            time.sleep(BREAKER_SECONDS)
            probes = sequence(server, searches[:6])
        time.sleep(BREAKER_SECONDS)
        resumed = sequence(server, searches[:6])
        after = summary_ms(sequence(server, searches))

    crowds = {}
    single = engine | {"SEARCH_BREAKER_FAILURES": "1"}
    for label, environment in (("before", before), ("after", engine), ("single", single)):
        print(f"{CONCURRENT_SEARCHES} samtidiga sökningar, {label} …", flush=True)
        with Gunicorn(HTTP_PORT, environment, WORKERS) as server:
            sequence(server, searches[:5] + [article] * 3)
            with paused(pid):
                crowds[label] = concurrent_searches(server, searches[:CONCURRENT_SEARCHES], article)

    extra_p50 = stopped["p50"] - database["p50"]
    lines = [
        f"gunicorn {WORKERS} sync workers (as `make bench-http`), page cache off, the "
        f"{ARTICLES:,}-article corpus; `/sok/?q=…` for 20 of the fixed one-word queries, one "
        f"after another, a new connection each, timed to the last byte of the page. The engine "
        f"is stopped with SIGSTOP (its port still accepts connections, nothing answers: the worst "
        f"case, a hung node). The defaults: reader timeouts 0.3 s connect / 1 s read, breaker "
        f"after 3 failures in a row for {BREAKER_SECONDS} s. Each worker has its own breaker. "
        f"Revision `{git_revision()}`.",
        "",
        "| search over HTTP | p50 | p95 | p50 vs PostgreSQL alone |",
        "|---|---|---|---|",
        f"| PostgreSQL alone (no `SEARCH_URL`) | {database['p50']:.1f} ms | {database['p95']:.1f} ms | 1.00× |",
        f"| OpenSearch answering | {answering['p50']:.1f} ms | {answering['p95']:.1f} ms | "
        f"{answering['p50'] / database['p50']:.2f}× |",
        f"| OpenSearch stopped, breaker open | {stopped['p50']:.1f} ms | {stopped['p95']:.1f} ms | "
        f"{stopped['p50'] / database['p50']:.2f}× ({extra_p50:+.1f} ms) |",
        f"| OpenSearch again, after the probe | {after['p50']:.1f} ms | {after['p95']:.1f} ms | "
        f"{after['p50'] / database['p50']:.2f}× |",
        "",
        "While the breaker opens and closes, each request in turn:",
        "",
        f"- the first 10 after SIGSTOP: {', '.join(ms(value) for value in first)} (each worker "
        f"waits the 1 s read timeout 3 times, then skips the engine);",
        f"- after the {BREAKER_SECONDS} s period, engine still stopped: "
        f"{', '.join(ms(value) for value in probes)} (one probe per worker waits again);",
        f"- after SIGCONT and another period: {', '.join(ms(value) for value in resumed)} "
        f"(the probes succeed and close the breakers).",
        "",
        f"{CONCURRENT_SEARCHES} searches at once against the stopped engine, and an unrelated "
        f"article asked for 50 ms later (alone: {ms(database_article)}):",
        "",
        "| | the article | slowest search | median search |",
        "|---|---|---|---|",
    ]
    for label, name in (
        ("before", "before: one 5 s timeout (`SEARCH_TIMEOUT`) per request, no breaker"),
        ("after", "after: reader timeouts and breaker (the defaults)"),
        ("single", "after, with `SEARCH_BREAKER_FAILURES=1`"),
    ):
        crowd = crowds[label]
        lines.append(
            f"| {name} | {ms(crowd['article'])} | {ms(crowd['slowest'])} | {ms(crowd['median'])} |"
        )
    lines += [
        "",
        f"- Once the breaker is open a stopped engine costs a reader search **{extra_p50:+.1f} ms** "
        f"at p50 (target: under 100 ms extra: {'met' if extra_p50 < 100 else 'not met'}).",
    ]
    return lines


def engine_stopped() -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.WAGTAILSEARCH_BACKENDS = engine_configuration()
    call_command("collectstatic", interactive=False, verbosity=0)
    lines = measure_engine_stopped()
    write_section("Search with the engine stopped", "\n".join(lines))
    print("\n".join(lines))


def engine_configuration() -> dict:
    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend

    return {
        "default": engine_search_backend(ENGINE_URL, "opensearch", "bench_", TIMEOUT=30),
        "database": DATABASE_SEARCH_BACKEND,
    }


def latency() -> None:
    from django.conf import settings

    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND
    from search import breaker as breakers

    queries = fixed_queries()
    rows = []

    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    print("PostgreSQL: indexerar …", flush=True)
    indexing = time_indexing("default")
    rows.append(("PostgreSQL full-text (`swedish`)", indexing, time_queries(queries)))

    settings.WAGTAILSEARCH_BACKENDS = engine_configuration()
    print("OpenSearch: indexerar …", flush=True)
    fell_back = 0
    try:
        indexing = time_indexing("default")
        breakers.reset()
        rows.append(("OpenSearch 2.19.1 (Swedish analysis)", indexing, time_queries(queries)))
        breaker = breakers.breaker_for("default")
        fell_back = breaker.failures_seen + breaker.skips
    except Exception as error:  # noqa: BLE001 - report what was measured; say what was not
        print(f"OpenSearch kunde inte mätas: {error}", file=sys.stderr)
        rows.append(("OpenSearch 2.19.1 (Swedish analysis)", None, None))

    lines = [
        f"{ARTICLES:,} generated Swedish articles (4 paragraphs, classification, 11 municipalities); "
        f"200 fixed queries (100 texts of one or two words, each alone and with the facet "
        f"`skolform=grundskola-4-6`), run one after another; a query is timed from the text search to "
        f"the first page of results loaded, facet counts included (what `/sok/` does before "
        f"rendering). Revision `{git_revision()}`.",
        "",
        "| backend | full index build | p50 all | p95 all | p95 without facet | p95 with facet | target p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    targets = {"PostgreSQL": 150, "OpenSearch": 50}
    for name, indexing, result in rows:
        target = next(value for key, value in targets.items() if name.startswith(key))
        if result is None:
            lines.append(f"| {name} | not measured | | | | | {target} ms |")
            continue
        lines.append(
            f"| {name} | {indexing:.1f} s | {result['all']['p50']:.1f} ms | {result['all']['p95']:.1f} ms | "
            f"{result['plain']['p95']:.1f} ms | {result['facet']['p95']:.1f} ms | {target} ms |"
        )
    if fell_back:
        # The reader timeouts and the breaker (search/breaker.py) sent these to PostgreSQL.
        lines.append(
            f"\nOpenSearch did not answer {fell_back} of the queries (warm-up included) within "
            f"the reader timeouts; PostgreSQL answered those, and they are in the OpenSearch row's figures."
        )
    write_section("Search", "\n".join(lines))
    print("\n".join(lines))


PARTS = {"latency": latency, "engine-stopped": engine_stopped}


def main(parts: list[str]) -> int:
    unknown = set(parts) - set(PARTS)
    if unknown:
        print(f"Okända delar: {', '.join(sorted(unknown))} (välj bland {', '.join(PARTS)})")
        return 2
    setup_django()
    print(f"Korpus: {ARTICLES} artiklar …", flush=True)
    ensure_corpus(ARTICLES)
    for name, part in PARTS.items():
        if name in parts:
            part()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(PARTS)))
